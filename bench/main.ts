import { mkdirSync, writeFileSync } from "node:fs";
import { machineNote } from "./bench-stats.ts";
import { runCodecBench } from "./codec-bench.ts";

/** `npm run bench`: every benchmark of the project; results also land in bench/results/. */
async function main(): Promise<void> {
  const machine = await machineNote();
  console.log(`machine: ${machine}\n`);
  console.log("## CWMP codec");
  const codec = runCodecBench({ iterations: Number(process.env.BENCH_ITERATIONS ?? 400) });
  console.log(
    "| message | bytes | decode p50 (µs) | encode p50 (µs) | bare fast-xml-parser p50 (µs) | decode / bare |",
  );
  console.log("|---|---:|---:|---:|---:|---:|");
  for (const row of codec) {
    console.log(
      `| ${row.message} | ${row.bytes} | ${row.decodeMedianUs.toFixed(1)} | ${row.encodeMedianUs.toFixed(1)} | ${row.bareParseMedianUs.toFixed(1)} | ${row.decodeToBareRatio.toFixed(2)} |`,
    );
  }
  const dir = new URL("./results/", import.meta.url);
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    new URL("codec.json", dir),
    `${JSON.stringify({ machine, at: new Date().toISOString(), codec }, null, 2)}\n`,
  );
}

await main();
