import { fileURLToPath } from "node:url";
import { machineNote } from "./bench-stats.ts";
import { runSenderBench } from "./sender-bench.ts";
import { writeBenchSummary } from "./write-bench-summary.ts";

/**
 * The connection-request sender benchmark alone: `npx tsx bench/sender-bench-main.ts`.
 * BENCH_CR_IQS, BENCH_CR_CONCURRENCY, BENCH_CR_CPES, BENCH_CR_ROUNDS override the defaults.
 * Results also land in bench/results/sender.json (and in summary.md / summary.svg there).
 */
async function main(): Promise<void> {
  const machine = await machineNote();
  process.stdout.write(`machine: ${machine}\n\n## Connection-request sender\n`);
  const number = (name: string) =>
    process.env[name] === undefined ? undefined : Number(process.env[name]);
  await runSenderBench({
    ...(number("BENCH_CR_IQS") !== undefined && { iqs: number("BENCH_CR_IQS") }),
    ...(number("BENCH_CR_CONCURRENCY") !== undefined && {
      concurrency: number("BENCH_CR_CONCURRENCY"),
    }),
    ...(number("BENCH_CR_CPES") !== undefined && { cpes: number("BENCH_CR_CPES") }),
    ...(number("BENCH_CR_ROUNDS") !== undefined && { rounds: number("BENCH_CR_ROUNDS") }),
  });
  writeBenchSummary(fileURLToPath(new URL("./results/", import.meta.url)), machine);
}

await main();
