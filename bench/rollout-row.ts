import { median, percentile } from "./bench-stats.ts";
import type { DeviceRequestCounts } from "./count-by-device.ts";
import type { RolloutOutcome } from "./rollout-campaign.ts";
import type { ConnectionRequestTally } from "./rollout-timeline.ts";

/** The rollout's settings, as bench/results/rollout.json keeps them. */
export interface RolloutSettings {
  readonly devices: number;
  readonly connectionRequestsPerSecond: number;
  readonly maxInSession: number;
  readonly imageBytes: number;
  /** Which campaign API drove it (rollout-campaign.ts). */
  readonly campaignApi: "v1" | "v2";
}

/** What bench/results/rollout.json keeps of one run. */
export interface RolloutBenchRow extends RolloutSettings {
  readonly status: string;
  readonly succeeded: number;
  readonly notUpgraded: number;
  /** Simulated CPEs running the image's version at the end, as they would report it. */
  readonly onNewVersion: number;
  /** POST /campaigns sent to the end seen by polling GET /campaigns/{id}. */
  readonly wallMs: number;
  readonly upgradedPerMinute: number;
  readonly dynamoRequests: number;
  /** All of the ACS's requests during the campaign over the devices upgraded. */
  readonly dynamoRequestsPerUpgradedDevice: number | null;
  readonly dynamoByOperation: Readonly<Record<string, number>>;
  /** Median over the fleet's devices of the requests about that one device. */
  readonly deviceRequestsMedian: number | null;
  /** Requests naming no device (task items, campaign item, runner, status polls), per upgrade. */
  readonly unattributedPerUpgradedDevice: number | null;
  /** GET /campaigns/{id} calls the bench made meanwhile (each reads the campaign). */
  readonly statusPolls: number;
  readonly wakeToUpgradedP50Ms: number | null;
  readonly wakeToUpgradedP90Ms: number | null;
  readonly wakeToUpgradedP99Ms: number | null;
  readonly connectionRequestsAccepted: number;
  readonly connectionRequestsBusy: number;
  /** Accepted connection requests per second, first to last: the rate the campaign achieved. */
  readonly achievedCrPerSecond: number | null;
  readonly acsCpuMsPerUpgradedDevice: number | null;
  /** 1-minute load average before and after: other work on the machine skews times. */
  readonly loadAverage: readonly [number, number];
}

export interface RolloutMeasures {
  readonly settings: RolloutSettings;
  readonly outcome: RolloutOutcome;
  readonly wallMs: number;
  readonly onNewVersion: number;
  readonly counts: Readonly<Record<string, number>>;
  readonly byDevice: DeviceRequestCounts;
  /** Device ids of the fleet: only their requests count per device. */
  readonly deviceIds: readonly string[];
  readonly wakeToUpgradedMs: readonly number[];
  readonly connectionRequests: ConnectionRequestTally;
  readonly statusPolls: number;
  readonly acsCpuMs: number;
  readonly loadAverage: readonly [number, number];
}

const sum = (values: Iterable<number>) => [...values].reduce((a, b) => a + b, 0);
// A figure of nothing (no upgrade, no sample) is null, not NaN: JSON keeps null.
const finite = (value: number) => (Number.isFinite(value) ? value : null);

export function rolloutBenchRow(measures: RolloutMeasures): RolloutBenchRow {
  const { outcome, byDevice } = measures;
  const upgraded = outcome.succeeded;
  const perUpgrade = (total: number) => (upgraded === 0 ? null : total / upgraded);
  const total = sum(Object.values(measures.counts));
  const perDevice = measures.deviceIds
    .map((id) => byDevice.byDevice[id])
    .filter((counts) => counts !== undefined)
    .map((counts) => sum(Object.values(counts)));
  const latencies = measures.wakeToUpgradedMs;
  return {
    ...measures.settings,
    status: outcome.status,
    succeeded: upgraded,
    notUpgraded: outcome.notUpgraded,
    onNewVersion: measures.onNewVersion,
    wallMs: measures.wallMs,
    upgradedPerMinute: measures.wallMs > 0 ? (upgraded * 60_000) / measures.wallMs : 0,
    dynamoRequests: total,
    dynamoRequestsPerUpgradedDevice: perUpgrade(total),
    dynamoByOperation: measures.counts,
    deviceRequestsMedian: finite(median(perDevice)),
    unattributedPerUpgradedDevice: perUpgrade(sum(Object.values(byDevice.unattributed))),
    statusPolls: measures.statusPolls,
    wakeToUpgradedP50Ms: finite(percentile(latencies, 50)),
    wakeToUpgradedP90Ms: finite(percentile(latencies, 90)),
    wakeToUpgradedP99Ms: finite(percentile(latencies, 99)),
    connectionRequestsAccepted: measures.connectionRequests.accepted,
    connectionRequestsBusy: measures.connectionRequests.busy,
    achievedCrPerSecond: achievedRate(measures.connectionRequests),
    acsCpuMsPerUpgradedDevice: perUpgrade(measures.acsCpuMs),
    loadAverage: measures.loadAverage,
  };
}

/** n requests over a span have n - 1 gaps between them. */
function achievedRate(tally: ConnectionRequestTally): number | null {
  return tally.accepted < 2 || tally.spanMs <= 0
    ? null
    : ((tally.accepted - 1) * 1000) / tally.spanMs;
}
