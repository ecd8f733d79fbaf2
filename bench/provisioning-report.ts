import { median, percentile } from "./bench-stats.ts";
import type { DeviceRequestCounts } from "./count-by-device.ts";
import type { ProvisionedDevice } from "./provisioning-device.ts";

/** What bench/results/provisioning.json holds (besides `at` and `machine`). */
export interface ProvisioningBenchResult {
  readonly devices: number;
  /** Devices provisioning at once. */
  readonly concurrency: number;
  readonly warmupDevices: number;
  readonly xmppRetryInitialMs: number;
  readonly deviceTimeoutMs: number;
  /** Devices ready for XMPP connection requests (seen from the simulator) within the timeout. */
  readonly provisioned: number;
  readonly failed: number;
  readonly firstFailure?: string;
  /** The ACS's device view agreed (xmppConnectionRequest.ready) for this many of them. */
  readonly apiConfirmedReady: number;
  readonly elapsedMs: number;
  readonly devicesPerSecond: number;
  /** Boot to ready, per provisioned device, ms. */
  readonly readyP50Ms: number;
  readonly readyP90Ms: number;
  readonly readyP99Ms: number;
  /** Boot to the end of the first (provisioning) session, ms. */
  readonly firstSessionP50Ms: number;
  /** Boot to the first successful XMPP login, ms. */
  readonly loginP50Ms: number;
  /** Medians per provisioned device. */
  readonly provisioningSessionExchanges: number;
  readonly sessionsUntilReady: number;
  readonly failedLoginsBeforeReady: number;
  /** The largest sessions-until-ready, and the events of the sessions such a device ran. */
  readonly maxSessionsUntilReady: number;
  readonly sessionEventsUntilReady: Readonly<Record<string, number>>;
  /** Per provisioned device: its sessions up to ready plus the sender's work on it. */
  readonly dynamoRequestsPerDevice: number;
  readonly dynamoRequestsPerDeviceP90: number;
  readonly dynamoRequestsPerDeviceByOperation: Readonly<Record<string, number>>;
  /** Requests naming no device during the phase (profile reads, listing), in all. */
  readonly dynamoUnattributed: Readonly<Record<string, number>>;
  readonly acsCpuMsPerDevice: number;
  readonly prosodyCpuMsPerDevice: number;
  /** This process: the simulated CPEs (CWMP, TLS, SCRAM) and the bench itself. */
  readonly driverCpuMsPerDevice: number;
  readonly acsPeakRssMiB: number;
  readonly connectionRequests: ConnectionRequestFigures;
  /** The ACS's warn / error log lines over the whole run, by level and message. */
  readonly acsLog: Readonly<Record<string, number>>;
}

export interface ConnectionRequestFigures {
  readonly waitSeconds: number;
  readonly concurrency: number;
  readonly requests: number;
  /** Not (HTTP 200, method xmpp, delivered, session started). */
  readonly failed: number;
  readonly firstFailure?: string;
  readonly methods: Readonly<Record<string, number>>;
  readonly outcomes: Readonly<Record<string, number>>;
  readonly sessionStarted: number;
  readonly perSecond: number;
  /** The API call with wait, ms. */
  readonly p50Ms: number;
  readonly p90Ms: number;
  readonly p99Ms: number;
  /** The sender's own latencyMs of the XMPP IQ, median. */
  readonly senderP50Ms: number;
}

export interface CrSample {
  readonly latencyMs: number;
  readonly method: string;
  readonly outcome: string;
  readonly sessionStarted: boolean;
  readonly senderLatencyMs?: number;
  /** Why it does not count as a working XMPP connection request. */
  readonly problem?: string;
}

export interface ProvisioningRun {
  readonly settings: {
    readonly devices: number;
    readonly concurrency: number;
    readonly warmupDevices: number;
    readonly xmppRetryInitialMs: number;
    readonly deviceTimeoutMs: number;
    readonly crConcurrency: number;
  };
  readonly measured: readonly ProvisionedDevice[];
  readonly elapsedMs: number;
  /** Why the first device that failed was not ready (the phase's first error). */
  readonly firstFailure: string | undefined;
  readonly counts: DeviceRequestCounts;
  readonly apiReady: number;
  readonly acsCpuMs: number;
  readonly prosodyCpuMs: number;
  readonly driverCpuMs: number;
  readonly acsPeakRssMiB: number;
  readonly crs: readonly CrSample[];
  readonly crElapsedMs: number;
  readonly crWaitSeconds: number;
  readonly acsLog: Readonly<Record<string, number>>;
}

const round = (n: number, digits = 2) => Number(n.toFixed(digits));
const sum = (values: Iterable<number>) => [...values].reduce((total, n) => total + n, 0);

function tally(values: Iterable<string>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}

export function summariseProvisioning(run: ProvisioningRun): ProvisioningBenchResult {
  const ready = run.measured.filter((device) => device.readyAt !== undefined);
  const sinceBoot = (at: (device: ProvisionedDevice) => number | undefined) =>
    ready.flatMap((device) => {
      const time = at(device);
      return time === undefined || device.bootAt === undefined ? [] : [time - device.bootAt];
    });
  const readyMs = sinceBoot((device) => device.readyAt);
  const untilReady = ready.map((device) =>
    device.sessions.filter((session) => session.endAt <= (device.readyAt as number)),
  );
  const failures = run.measured.filter((device) => device.readyAt === undefined);
  const perDevice = ready.map((device) => run.counts.byDevice[device.id] ?? {});
  const operations = [...new Set(perDevice.flatMap((counts) => Object.keys(counts)))].sort();
  const totals = perDevice.map((counts) => sum(Object.values(counts)));
  const crFailures = run.crs.filter((sample) => sample.problem !== undefined);
  const perProvisioned = (n: number) => round(n / Math.max(1, ready.length), 1);
  return {
    devices: run.measured.length,
    concurrency: run.settings.concurrency,
    warmupDevices: run.settings.warmupDevices,
    xmppRetryInitialMs: run.settings.xmppRetryInitialMs,
    deviceTimeoutMs: run.settings.deviceTimeoutMs,
    provisioned: ready.length,
    failed: failures.length,
    ...(failures.length > 0 && { firstFailure: run.firstFailure ?? "unknown" }),
    apiConfirmedReady: run.apiReady,
    elapsedMs: round(run.elapsedMs, 0),
    devicesPerSecond: round(ready.length / (run.elapsedMs / 1000), 2),
    readyP50Ms: round(percentile(readyMs, 50)),
    readyP90Ms: round(percentile(readyMs, 90)),
    readyP99Ms: round(percentile(readyMs, 99)),
    firstSessionP50Ms: round(median(sinceBoot((device) => device.sessions[0]?.endAt))),
    loginP50Ms: round(median(sinceBoot((device) => device.boundAt))),
    provisioningSessionExchanges: median(
      ready.flatMap((device) => device.sessions[0]?.exchanges ?? []),
    ),
    sessionsUntilReady: median(untilReady.map((sessions) => sessions.length)),
    failedLoginsBeforeReady: median(ready.map((device) => device.loginFailures)),
    maxSessionsUntilReady: Math.max(0, ...untilReady.map((sessions) => sessions.length)),
    sessionEventsUntilReady: tally(
      untilReady.flatMap((sessions) =>
        sessions.map((session) => `${session.events.join(" + ")} (${session.result})`),
      ),
    ),
    dynamoRequestsPerDevice: median(totals),
    dynamoRequestsPerDeviceP90: percentile(totals, 90),
    dynamoRequestsPerDeviceByOperation: Object.fromEntries(
      operations.map((operation) => [
        operation,
        median(perDevice.map((counts) => counts[operation] ?? 0)),
      ]),
    ),
    dynamoUnattributed: run.counts.unattributed,
    acsCpuMsPerDevice: perProvisioned(run.acsCpuMs),
    prosodyCpuMsPerDevice: perProvisioned(run.prosodyCpuMs),
    driverCpuMsPerDevice: perProvisioned(run.driverCpuMs),
    acsPeakRssMiB: round(run.acsPeakRssMiB, 1),
    connectionRequests: {
      waitSeconds: run.crWaitSeconds,
      concurrency: run.settings.crConcurrency,
      requests: run.crs.length,
      failed: crFailures.length,
      ...(crFailures[0]?.problem !== undefined && { firstFailure: crFailures[0].problem }),
      methods: tally(run.crs.map((sample) => sample.method)),
      outcomes: tally(run.crs.map((sample) => sample.outcome)),
      sessionStarted: run.crs.filter((sample) => sample.sessionStarted).length,
      perSecond: round(run.crs.length / (run.crElapsedMs / 1000), 1),
      p50Ms: round(
        percentile(
          run.crs.map((sample) => sample.latencyMs),
          50,
        ),
      ),
      p90Ms: round(
        percentile(
          run.crs.map((sample) => sample.latencyMs),
          90,
        ),
      ),
      p99Ms: round(
        percentile(
          run.crs.map((sample) => sample.latencyMs),
          99,
        ),
      ),
      senderP50Ms: round(median(run.crs.flatMap((sample) => sample.senderLatencyMs ?? []))),
    },
    acsLog: run.acsLog,
  };
}

const ms = (value: number) => (Number.isFinite(value) ? String(Math.round(value)) : "–");

/** The result as markdown tables (BENCHMARKS.md style). */
export function formatProvisioningTable(r: ProvisioningBenchResult): string {
  const ops = Object.entries(r.dynamoRequestsPerDeviceByOperation)
    .map(([operation, n]) => `${operation} ${n}`)
    .join(", ");
  const cr = r.connectionRequests;
  const methods = Object.entries(cr.methods)
    .map(([method, n]) => `${method} ${n}`)
    .join(", ");
  return [
    "| devices (at once) | provisioned | devices/s | boot → XMPP CR ready p50 / p90 / p99 (ms) | first session / XMPP login p50 (ms) | exchanges, provisioning session | sessions until ready | DynamoDB requests/device | CPU ms/device ACS / prosody / CPEs | failed |",
    "|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|",
    `| ${r.devices} (${r.concurrency}) | ${r.provisioned} (API: ${r.apiConfirmedReady} ready) | ${r.devicesPerSecond} | ${ms(r.readyP50Ms)} / ${ms(r.readyP90Ms)} / ${ms(r.readyP99Ms)} | ${ms(r.firstSessionP50Ms)} / ${ms(r.loginP50Ms)} | ${r.provisioningSessionExchanges} | ${r.sessionsUntilReady} (max ${r.maxSessionsUntilReady}) | ${r.dynamoRequestsPerDevice} (${ops}) | ${r.acsCpuMsPerDevice} / ${r.prosodyCpuMsPerDevice} / ${r.driverCpuMsPerDevice} | ${r.failed} |`,
    "",
    "| connection requests via the API (wait) | at once | CRs/s | p50 / p90 / p99 (ms) | sender IQ p50 (ms) | method | session started | failed |",
    "|---:|---:|---:|---:|---:|---|---:|---:|",
    `| ${cr.requests} (${cr.waitSeconds} s) | ${cr.concurrency} | ${cr.perSecond} | ${ms(cr.p50Ms)} / ${ms(cr.p90Ms)} / ${ms(cr.p99Ms)} | ${ms(cr.senderP50Ms)} | ${methods} | ${cr.sessionStarted} | ${cr.failed} |`,
    "",
    `Sessions until ready: ${JSON.stringify(r.sessionEventsUntilReady)}`,
    `DynamoDB requests naming no device: ${JSON.stringify(r.dynamoUnattributed)}`,
    `ACS warnings/errors: ${JSON.stringify(r.acsLog)}`,
    ...(r.firstFailure ? [`First failure: ${r.firstFailure}`] : []),
    ...(cr.firstFailure ? [`First failed CR: ${cr.firstFailure}`] : []),
  ].join("\n");
}
