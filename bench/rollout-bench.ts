import { loadavg } from "node:os";
import { deviceIdOf } from "../functions/core/model/device-id.ts";
import { until } from "../test/support/until.ts";
import { expectStatus } from "./bench-api.ts";
import { rolloutCampaignBody, rolloutOutcome } from "./rollout-campaign.ts";
import { startRolloutRig } from "./rollout-rig.ts";
import { type RolloutBenchRow, type RolloutSettings, rolloutBenchRow } from "./rollout-row.ts";
import { createRolloutTimeline } from "./rollout-timeline.ts";
import { formatDurationMs } from "./summary-format.ts";
import { uploadFirmware } from "./upload-firmware.ts";

export type { RolloutBenchRow } from "./rollout-row.ts";

export interface RolloutBenchOptions {
  readonly devices: number;
  readonly connectionRequestsPerSecond: number;
  readonly maxInSession: number;
  /** Size of the firmware image. @default 1 MiB */
  readonly imageBytes?: number;
  /** How long the campaign may run before the bench gives up, ms. @default 600_000 */
  readonly deadlineMs?: number;
}

const serialPrefix = "ROLL";
const pollMs = 500;

/**
 * A firmware rollout as a benchmark: `devices` simulated CPEs register with the local ACS, an
 * image is uploaded through the API, one campaign upgrades them all at the given CR rate, and
 * the bench reports devices upgraded per minute and the ACS's DynamoDB requests per upgraded
 * device (counted from just before the campaign is created to its end). Reports, never asserts.
 */
export async function runRolloutBench(options: RolloutBenchOptions): Promise<RolloutBenchRow> {
  const settings: RolloutSettings = {
    devices: options.devices,
    connectionRequestsPerSecond: options.connectionRequestsPerSecond,
    maxInSession: options.maxInSession,
    imageBytes: options.imageBytes ?? 1024 * 1024,
    campaignApi: "v2",
  };
  const say = (line: string) => process.stderr.write(`  ${line}\n`);
  const timeline = createRolloutTimeline();
  const rig = await startRolloutRig({
    devices: settings.devices,
    serialPrefix,
    observer: timeline.observer,
    onAcsLogLine: (line) => say(`acs: ${line}`),
  });
  try {
    await until(
      "every device registered",
      async () => {
        say(`registered ${timeline.registered()}/${settings.devices}`);
        return timeline.registered() >= settings.devices || undefined;
      },
      120_000,
      pollMs,
    );
    const firmware = await uploadFirmware(rig.api, {
      version: "2.0.0",
      bytes: settings.imageBytes,
    });
    const loadBefore = loadavg()[0] ?? 0;
    const cpuBefore = rig.acs.cpuMs();
    await rig.acs.resetCounts();
    timeline.start();
    const startedMs = performance.now();
    const created = await expectStatus<{ id: string }>(
      rig.api,
      [201],
      "POST",
      "/campaigns",
      rolloutCampaignBody({ firmware, serialPrefix, ...settings }),
    );
    let statusPolls = 0;
    const outcome = await until(
      "the campaign to end",
      async () => {
        statusPolls += 1;
        const view = await expectStatus(rig.api, [200], "GET", `/campaigns/${created.id}`);
        const read = rolloutOutcome(view);
        say(`${read.status}: ${read.succeeded} upgraded, ${read.notUpgraded} not`);
        return read.ended ? read : undefined;
      },
      options.deadlineMs ?? 600_000,
      pollMs,
    );
    const wallMs = performance.now() - startedMs;
    const [counts, byDevice] = await Promise.all([rig.acs.counts(), rig.acs.countsByDevice()]);
    const row = rolloutBenchRow({
      settings,
      outcome,
      wallMs,
      onNewVersion: rig.fleet.devices.filter(
        (cpe) => cpe.model().read("Device.DeviceInfo.SoftwareVersion") === firmware.version,
      ).length,
      counts,
      byDevice,
      deviceIds: rig.fleet.devices.map((cpe) => deviceIdOf(cpe.profile)),
      wakeToUpgradedMs: timeline.wakeToUpgradedMs(),
      connectionRequests: timeline.connectionRequests(),
      statusPolls,
      acsCpuMs: rig.acs.cpuMs() - cpuBefore,
      loadAverage: [loadBefore, loadavg()[0] ?? 0],
    });
    printRow(row);
    return row;
  } finally {
    await rig.stop();
  }
}

function printRow(row: RolloutBenchRow): void {
  const figure = (value: number | null, digits = 1) =>
    value === null ? "–" : value.toFixed(digits);
  const ms = (value: number | null) => formatDurationMs(value ?? undefined);
  const operations = Object.entries(row.dynamoByOperation)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([operation, count]) => `${operation} ${count}`)
    .join(", ");
  process.stdout.write(
    "| devices | CR rate (/s) | in session | status | upgraded | wall time | upgraded/min | DynamoDB requests/upgraded device | per device (median) + naming no device | CR → upgraded p50 / p90 / p99 | ACS CPU ms/device |\n" +
      "|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|\n" +
      `| ${row.devices} | ${row.connectionRequestsPerSecond} | ${row.maxInSession} | ${row.status} | ` +
      `${row.succeeded} (${row.notUpgraded} not) | ${ms(row.wallMs)} | ${row.upgradedPerMinute.toFixed(0)} | ` +
      `${figure(row.dynamoRequestsPerUpgradedDevice)} | ${figure(row.deviceRequestsMedian, 0)} + ` +
      `${figure(row.unattributedPerUpgradedDevice)} | ${ms(row.wakeToUpgradedP50Ms)} / ` +
      `${ms(row.wakeToUpgradedP90Ms)} / ${ms(row.wakeToUpgradedP99Ms)} | ` +
      `${figure(row.acsCpuMsPerUpgradedDevice)} |\n\n` +
      `DynamoDB requests by operation: ${operations} (${row.statusPolls} status polls included); ` +
      `${row.onNewVersion} CPEs run the new version; CRs accepted ${row.connectionRequestsAccepted} ` +
      `(${figure(row.achievedCrPerSecond)}/s achieved), busy ${row.connectionRequestsBusy}\n`,
  );
}
