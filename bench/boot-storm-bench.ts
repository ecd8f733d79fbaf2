import { monitorEventLoopDelay } from "node:perf_hooks";
import { runFleet } from "../functions/simulator/fleet.ts";
import { startAcsProcess } from "./acs-process.ts";
import { bootStormFailureReason } from "./boot-storm-failure-reason.ts";
import { type BootStormSummary, createBootStormTimeline } from "./boot-storm-timeline.ts";

export interface BootStormOptions {
  readonly devices: number;
  /** Give up waiting for the drain after this long. */
  readonly timeoutSec: number;
}

export interface BootStormResult extends BootStormSummary {
  /** ACS_MAX_IN_FLIGHT of the ACS (its default unless the environment sets one). */
  readonly maxInFlight: string;
  readonly acsPeakRssMiB: number;
  readonly acsCpuMsPerCompletedSession: number;
  /**
   * Event-loop delay of the simulator's process (all the CPEs), p99 and max: when it is
   * seconds, the load generator, not the ACS, is what keeps requests waiting.
   */
  readonly simulatorLoopDelayMs: { readonly p99: number; readonly max: number };
}

/**
 * `devices` simulated CPEs boot at the same instant against the local ACS (a child process,
 * bench/acs-child.ts), as after a regional power cut. Each device runs a BOOTSTRAP
 * session; beyond ACS_MAX_IN_FLIGHT requests in flight the ACS answers new
 * sessions 503 + Retry-After (TR-069 3.7.1.4) and the simulator comes back after it. Ends
 * when every device has completed a session (the drain) or at the timeout.
 */
export async function runBootStormBench(options: BootStormOptions): Promise<BootStormResult> {
  const acs = await startAcsProcess({ startTimeoutMs: 60_000 });
  try {
    const cpuBefore = acs.cpuMs();
    const loopDelay = monitorEventLoopDelay({ resolution: 20 });
    loopDelay.enable();
    const startMs = performance.now();
    const timeline = createBootStormTimeline({ devices: options.devices, startMs });
    const fleet = await runFleet({
      acsUrl: acs.ready.cwmpUrl,
      count: options.devices,
      // No periodic session during the run: every session counted is a boot.
      periodicIntervalSec: 86_400,
      serialPrefix: "STORM",
      progress: process.stderr,
      observer: {
        onSessionEnd: (serial, record) => {
          const result = record.result;
          const kind = result.kind;
          const outcome = kind === "completed" || kind === "busy" ? kind : "failed";
          const reason = kind === "failed" ? bootStormFailureReason(result.error) : kind;
          timeline.sessionEnded(serial, outcome, record.durationMs, performance.now(), reason);
        },
      },
    });
    const deadline = startMs + options.timeoutSec * 1000;
    while (!timeline.drained() && performance.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 200));
    await fleet.stop();
    loopDelay.disable();
    const summary = timeline.summary();
    return {
      ...summary,
      maxInFlight: process.env.ACS_MAX_IN_FLIGHT ?? "256 (default)",
      acsPeakRssMiB: round(acs.peakRssKiB() / 1024),
      acsCpuMsPerCompletedSession: round(
        (acs.cpuMs() - cpuBefore) / Math.max(1, summary.sessionsCompleted),
      ),
      simulatorLoopDelayMs: {
        p99: round(loopDelay.percentile(99) / 1e6),
        max: round(loopDelay.max / 1e6),
      },
    };
  } finally {
    await acs.stop();
  }
}

const round = (value: number) => Math.round(value * 10) / 10;

/** The table row `npm run bench` prints. */
export function bootStormTable(result: BootStormResult): string {
  const drain = result.drainSeconds === undefined ? "never" : `${result.drainSeconds.toFixed(1)} s`;
  return [
    "| devices | drained in | completed | 503 + Retry-After | failed | peak sessions/s | session p50 / p99 (ms) | ACS CPU ms/session | ACS peak RSS (MiB) |",
    "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    `| ${result.devices} | ${drain} | ${result.sessionsCompleted} | ${result.busy} | ${result.failed} | ${result.peakSessionsPerSecond} | ${Math.round(result.sessionP50Ms)} / ${Math.round(result.sessionP99Ms)} | ${result.acsCpuMsPerCompletedSession} | ${result.acsPeakRssMiB} |`,
    "",
    `Failed sessions by reason: ${formatReasons(result.failureReasons)}`,
    "",
    `Simulator event-loop delay: p99 ${result.simulatorLoopDelayMs.p99} ms, max ${result.simulatorLoopDelayMs.max} ms`,
    "",
  ].join("\n");
}

const formatReasons = (reasons: Readonly<Record<string, number>>): string =>
  Object.entries(reasons)
    .sort(([, a], [, b]) => b - a)
    .map(([reason, count]) => `${reason} ${count}`)
    .join(", ") || "none";
