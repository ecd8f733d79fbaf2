import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { machineNote } from "./bench-stats.ts";
import { runSessionBench } from "./session-bench.ts";
import { writeBenchSummary } from "./write-bench-summary.ts";

/**
 * The session benchmark alone:
 * `npx tsx bench/session-bench-main.ts` (BENCH_DEVICES, BENCH_CONCURRENCY override the
 * defaults; BENCH_ACS_NODE_ARGS="--cpu-prof" profiles the ACS process).
 * Results also land in bench/results/sessions.json (and in summary.md / summary.svg there).
 */
async function main(): Promise<void> {
  const machine = await machineNote();
  process.stdout.write(`machine: ${machine}\n\n## CWMP sessions on the local ACS\n`);
  const rows = await runSessionBench({
    devices: Number(process.env.BENCH_DEVICES ?? 2000),
    concurrency: Number(process.env.BENCH_CONCURRENCY ?? 50),
    acsNodeArgs: process.env.BENCH_ACS_NODE_ARGS?.split(" ").filter(Boolean) ?? [],
  });
  const dir = new URL("./results/", import.meta.url);
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    new URL("sessions.json", dir),
    `${JSON.stringify({ machine, at: new Date().toISOString(), sessions: rows }, null, 2)}\n`,
  );
  writeBenchSummary(fileURLToPath(dir), machine);
}

await main();
