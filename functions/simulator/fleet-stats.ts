import type { SessionRecord } from "./cpe.ts";

/** Live counters of a fleet, for the progress line, tests and benchmarks. */
export interface FleetStats {
  readonly devicesBooted: number;
  readonly boots: number;
  readonly sessionsCompleted: number;
  readonly sessionsFailed: number;
  /** Sessions the ACS refused with 503 (TR-069 3.2.1.1: the device retries later). */
  readonly sessionsBusy: number;
  /** Sessions a misbehaving device cut short by closing the connection instead of answering. */
  readonly sessionsHungUp: number;
  /** Connection requests (HTTP or XMPP) the devices accepted, and refused as busy. */
  readonly connectionRequestsAccepted: number;
  readonly connectionRequestsBusy: number;
  /** Round trip of every HTTP exchange in ms, in arrival order (bounded, see maxSamples). */
  readonly exchangeLatenciesMs: readonly number[];
  readonly sessionDurationsMs: readonly number[];
  /** The last few failure messages, for the summary. */
  readonly recentErrors: readonly string[];
}

export interface FleetStatsRecorder {
  readonly stats: FleetStats;
  booted(serialNumber: string): void;
  sessionEnded(record: SessionRecord): void;
  exchange(latencyMs: number): void;
  connectionRequest(outcome: "accepted" | "busy"): void;
}

/** Collects fleet counters; latency lists stop growing at `maxSamples` to bound memory. */
export function createFleetStatsRecorder(
  options: { readonly maxSamples?: number } = {},
): FleetStatsRecorder {
  const maxSamples = options.maxSamples ?? 1_000_000;
  const booted = new Set<string>();
  const latencies: number[] = [];
  const durations: number[] = [];
  const errors: string[] = [];
  const counts = {
    boots: 0,
    completed: 0,
    failed: 0,
    busy: 0,
    hungUp: 0,
    crAccepted: 0,
    crBusy: 0,
  };
  const stats: FleetStats = {
    get devicesBooted() {
      return booted.size;
    },
    get boots() {
      return counts.boots;
    },
    get sessionsCompleted() {
      return counts.completed;
    },
    get sessionsFailed() {
      return counts.failed;
    },
    get sessionsBusy() {
      return counts.busy;
    },
    get sessionsHungUp() {
      return counts.hungUp;
    },
    get connectionRequestsAccepted() {
      return counts.crAccepted;
    },
    get connectionRequestsBusy() {
      return counts.crBusy;
    },
    exchangeLatenciesMs: latencies,
    sessionDurationsMs: durations,
    recentErrors: errors,
  };
  return {
    stats,
    booted: (serialNumber) => {
      booted.add(serialNumber);
      counts.boots += 1;
    },
    sessionEnded: (record) => {
      const { result } = record;
      if (result.kind === "completed") counts.completed += 1;
      else if (result.kind === "busy") counts.busy += 1;
      else if (result.kind === "hung-up") counts.hungUp += 1;
      else {
        counts.failed += 1;
        errors.push(`${result.error.name}: ${result.error.message}`);
        if (errors.length > 10) errors.shift();
      }
      if (durations.length < maxSamples) durations.push(record.durationMs);
    },
    exchange: (latencyMs) => {
      if (latencies.length < maxSamples) latencies.push(latencyMs);
    },
    connectionRequest: (outcome) => {
      if (outcome === "accepted") counts.crAccepted += 1;
      else counts.crBusy += 1;
    },
  };
}

/** The p-th percentile (0-100) by nearest rank; undefined for no samples. */
export function percentile(samples: readonly number[], p: number): number | undefined {
  if (samples.length === 0) return undefined;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1];
}
