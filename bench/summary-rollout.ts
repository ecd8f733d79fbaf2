import type { RolloutResults } from "./bench-results.ts";
import type { SummaryGroup } from "./summary-series.ts";

/**
 * The firmware rollout's line in the summary: latency is per device, from its connection
 * request to the session that reports the new image; throughput is devices upgraded per second
 * over the campaign's wall time (the note gives it per minute, with the DynamoDB cost).
 */
export function rolloutGroup(file: RolloutResults): SummaryGroup {
  const run = file.rollout;
  const figure = (value: number | null | undefined, digits = 1) =>
    value === null || value === undefined ? "–" : value.toFixed(digits);
  const operations = Object.entries(run.dynamoByOperation)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([operation, count]) => `${operation} ${count}`)
    .join(", ");
  const present = (value: number | null | undefined) => value ?? undefined;
  return {
    title: "Firmware rollout",
    latencyOf: "per device, connection request to upgrade reported",
    file: "rollout.json",
    at: file.at,
    machine: file.machine,
    series: [
      {
        name: `campaign (API ${run.campaignApi}), ${run.connectionRequestsPerSecond} CRs/s, ${run.maxInSession} in session`,
        samples: `${run.devices} CPEs, ${Math.round(run.imageBytes / 1024)} KiB image`,
        latencyMs: {
          p50: present(run.wakeToUpgradedP50Ms),
          p90: present(run.wakeToUpgradedP90Ms),
          p99: present(run.wakeToUpgradedP99Ms),
        },
        throughput: { perSecond: (run.succeeded * 1000) / run.wallMs, unit: "devices/s" },
        failed: run.notUpgraded,
        note:
          `${run.status}: ${run.succeeded} upgraded in ${(run.wallMs / 1000).toFixed(1)} s = ` +
          `${run.upgradedPerMinute.toFixed(0)} devices/min; CRs achieved ` +
          `${figure(run.achievedCrPerSecond)}/s of ${run.connectionRequestsPerSecond}/s; ` +
          `${figure(run.dynamoRequestsPerUpgradedDevice)} DynamoDB requests/upgraded device ` +
          `(${figure(run.deviceRequestsMedian, 0)} about the device, median, + ` +
          `${figure(run.unattributedPerUpgradedDevice)} naming no device; ${operations}); ` +
          `ACS CPU ${figure(run.acsCpuMsPerUpgradedDevice)} ms/device`,
      },
    ],
  };
}
