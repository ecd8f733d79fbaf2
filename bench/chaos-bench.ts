import { loadavg } from "node:os";
import { type ChaosReport, runChaosFleet } from "../test/support/chaos-fleet.ts";
import { chaosSummaryLine } from "../test/support/chaos-fleet-report.ts";

/** What bench/results/chaos.json keeps of one chaos-fleet run (the headline figures). */
export interface ChaosBenchRow {
  readonly devices: number;
  readonly misbehaving: number;
  readonly fraction: number;
  readonly seed: number;
  readonly periodicIntervalSec: number;
  readonly idleTimeoutSec: number;
  readonly tasks: number;
  readonly byStatus: Readonly<Record<string, number>>;
  /** Tasks that ended faulted by design (a download the simulator fails with 9010). */
  readonly faultedByDesign: number;
  /** Tasks still open when the run gave up. */
  readonly unfinished: number;
  readonly sessionsUntilDoneMax: number | null;
  readonly sessionsUntilDoneP50: number | null;
  readonly sessionsUntilDoneP99: number | null;
  readonly timeToTerminalP50Ms: number | null;
  readonly timeToTerminalP90Ms: number | null;
  readonly timeToTerminalP99Ms: number | null;
  readonly busyResponses: number;
  readonly longestRefusalMs: number | null;
  readonly repeatedRpcs: number;
  readonly lostValues: number;
  readonly elapsedMs: number;
  /** 1-minute load average before and after the run: other work on the machine skews times. */
  readonly loadAverage: readonly [number, number];
}

/**
 * The chaos fleet as a benchmark: the same run as test/e2e/chaos-fleet.test.ts (local ACS,
 * simulated CPEs, a share misbehaving at random, tasks for all), reported as figures.
 */
export async function runChaosBench(options: {
  readonly devices: number;
  readonly fraction?: number;
}): Promise<ChaosBenchRow> {
  const loadBefore = loadavg()[0] ?? 0;
  const report = await runChaosFleet({
    devices: options.devices,
    ...(options.fraction !== undefined && { misbehavingFraction: options.fraction }),
    deadlineMs: 300_000,
    progress: (line) => process.stdout.write(`  ${line}\n`),
  });
  process.stdout.write(`${chaosSummaryLine(report)}\n`);
  const row = chaosBenchRow(report, [loadBefore, loadavg()[0] ?? 0]);
  printRow(row);
  return row;
}

export function chaosBenchRow(
  report: ChaosReport,
  loadAverage: readonly [number, number],
): ChaosBenchRow {
  const orNull = (value: number | undefined) => value ?? null;
  const refused = report.refusals.map((refusal) => refusal.refusedMs);
  return {
    devices: report.devices,
    misbehaving: report.misbehaving,
    fraction: report.fraction,
    seed: report.seed,
    periodicIntervalSec: report.periodicIntervalSec,
    idleTimeoutSec: report.idleTimeoutSec,
    tasks: report.tasks.length,
    byStatus: report.byStatus,
    faultedByDesign: report.tasks.filter((t) => t.designedToFail && t.status === "faulted").length,
    unfinished: report.tasks.filter((task) => task.timeToTerminalMs === undefined).length,
    sessionsUntilDoneMax: orNull(report.sessionsUntilDone.max),
    sessionsUntilDoneP50: orNull(report.sessionsUntilDone.p50),
    sessionsUntilDoneP99: orNull(report.sessionsUntilDone.p99),
    timeToTerminalP50Ms: orNull(report.timeToTerminalMs.p50),
    timeToTerminalP90Ms: orNull(report.timeToTerminalMs.p90),
    timeToTerminalP99Ms: orNull(report.timeToTerminalMs.p99),
    busyResponses: report.busyResponses,
    longestRefusalMs: refused.length === 0 ? null : Math.max(...refused),
    repeatedRpcs: report.repeatedRpcs.length,
    lostValues: report.setValues.filter(
      (check) => check.onDevice !== check.expected || check.inAcs !== check.expected,
    ).length,
    elapsedMs: report.elapsedMs.total,
    loadAverage,
  };
}

function printRow(row: ChaosBenchRow): void {
  const s = (ms: number | null) => (ms === null ? "–" : `${(ms / 1000).toFixed(1)} s`);
  process.stdout.write(
    "| devices | misbehaving | tasks | by status | sessions until done (max / p99) | time to terminal (p50 / p99) | 503s | repeated RPCs | lost values |\n" +
      "|---:|---:|---:|---|---:|---:|---:|---:|---:|\n" +
      `| ${row.devices} | ${row.misbehaving} | ${row.tasks} | ${JSON.stringify(row.byStatus)} | ` +
      `${row.sessionsUntilDoneMax ?? "–"} / ${row.sessionsUntilDoneP99 ?? "–"} | ` +
      `${s(row.timeToTerminalP50Ms)} / ${s(row.timeToTerminalP99Ms)} | ${row.busyResponses} | ` +
      `${row.repeatedRpcs} | ${row.lostValues} |\n`,
  );
}
