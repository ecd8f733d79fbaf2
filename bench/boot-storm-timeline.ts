import { percentile } from "./bench-stats.ts";

/** One second of a boot storm, counted from the first boot. */
export interface BootStormSecond {
  readonly second: number;
  /** Sessions that ended completed in this second. */
  readonly completed: number;
  /** Session openings the ACS refused with 503 (Retry-After) in this second. */
  readonly busy: number;
  /** Sessions that ended any other way (failed, hung up). */
  readonly failed: number;
  /** Devices with at least one completed session by the end of this second. */
  readonly devicesDone: number;
}

export interface BootStormSummary {
  readonly devices: number;
  readonly sessionsCompleted: number;
  readonly busy: number;
  readonly failed: number;
  /** Failed sessions by reason (boot-storm-failure-reason.ts), e.g. ECONNRESET or SessionTimeoutError. */
  readonly failureReasons: Readonly<Record<string, number>>;
  /** Seconds from the first boot until every device had completed a session; undefined: never. */
  readonly drainSeconds: number | undefined;
  readonly sessionP50Ms: number;
  readonly sessionP99Ms: number;
  readonly peakSessionsPerSecond: number;
  readonly timeline: readonly BootStormSecond[];
}

/** What the storm's observer is told: a session ended, at `atMs` on the bench's clock. */
export interface BootStormTimeline {
  sessionEnded(
    serialNumber: string,
    outcome: "completed" | "busy" | "failed",
    durationMs: number,
    atMs: number,
    failureReason?: string,
  ): void;
  /** Every device has completed a session. */
  drained(): boolean;
  summary(): BootStormSummary;
}

/** Per-second tallies of a boot storm of `devices` CPEs that started at `startMs`. */
export function createBootStormTimeline(options: {
  readonly devices: number;
  readonly startMs: number;
}): BootStormTimeline {
  const seconds: { completed: number; busy: number; failed: number; devicesDone: number }[] = [];
  const done = new Set<string>();
  const durations: number[] = [];
  const failureReasons: Record<string, number> = {};
  let drainMs: number | undefined;
  const bucket = (atMs: number) => {
    const index = Math.max(0, Math.floor((atMs - options.startMs) / 1000));
    while (seconds.length <= index)
      seconds.push({ completed: 0, busy: 0, failed: 0, devicesDone: 0 });
    return seconds[index] as (typeof seconds)[number];
  };
  return {
    sessionEnded(serialNumber, outcome, durationMs, atMs, failureReason = "unknown") {
      const second = bucket(atMs);
      if (outcome === "busy") second.busy += 1;
      else if (outcome === "failed") {
        second.failed += 1;
        failureReasons[failureReason] = (failureReasons[failureReason] ?? 0) + 1;
      } else {
        second.completed += 1;
        durations.push(durationMs);
        done.add(serialNumber);
        second.devicesDone = done.size;
        if (drainMs === undefined && done.size === options.devices) drainMs = atMs;
      }
    },
    drained: () => done.size >= options.devices,
    summary() {
      let devicesDone = 0;
      const timeline = seconds.map((second, index) => {
        devicesDone = Math.max(devicesDone, second.devicesDone);
        return { second: index, ...second, devicesDone };
      });
      return {
        devices: options.devices,
        sessionsCompleted: durations.length,
        busy: timeline.reduce((sum, second) => sum + second.busy, 0),
        failed: timeline.reduce((sum, second) => sum + second.failed, 0),
        failureReasons: { ...failureReasons },
        drainSeconds: drainMs === undefined ? undefined : (drainMs - options.startMs) / 1000,
        sessionP50Ms: durations.length > 0 ? percentile(durations, 50) : 0,
        sessionP99Ms: durations.length > 0 ? percentile(durations, 99) : 0,
        peakSessionsPerSecond: Math.max(0, ...timeline.map((second) => second.completed)),
        timeline,
      };
    },
  };
}
