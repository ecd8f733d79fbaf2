import { loadavg } from "node:os";
import { createCwmpCodec } from "../functions/core/cwmp/index.ts";
import { createCrListener } from "../functions/simulator/cr-listener.ts";
import { cpuMsOf } from "./proc-stat.ts";
import { type ProgressSink, stderrProgressSink, withProgress } from "./progress-ticker.ts";
import { createProvisionedDevice, type ProvisionedDevice } from "./provisioning-device.ts";
import {
  type CrSample,
  formatProvisioningTable,
  type ProvisioningBenchResult,
  summariseProvisioning,
} from "./provisioning-report.ts";
import { type ProvisioningRig, startProvisioningRig } from "./provisioning-rig.ts";
import { runWindow } from "./run-window.ts";

/**
 * Benchmark: zero-touch XMPP provisioning. prosody as `npm run xmpp` sets it up, the
 * local ACS of `npm start` with XMPP on (its own process), and N simulated CPEs (the simulator
 * of `npm run sim`, in this process) that know nothing of XMPP. A bounded window of devices
 * boots at once; a device leaves the window when it is ready for XMPP connection requests (the
 * built-in profile ran in its first session, the sender created its account, it logged in and
 * reported its JID in a VALUE CHANGE session) or after the timeout. Then one connection request
 * per ready device through the API (`POST /devices/{id}/connection-request?wait=10`).
 */
export interface ProvisioningBenchOptions {
  /** Measured devices. @default 200 */
  readonly devices?: number;
  /** Devices provisioning at once (a new one boots when one is ready). @default 25 */
  readonly concurrency?: number;
  /** Unmeasured devices provisioned first (JIT, connections). @default 10 */
  readonly warmupDevices?: number;
  /** The CPEs' XMPP ServerRetryInitialInterval, ms (TR-181 default: 60 s). @default 500 */
  readonly xmppRetryInitialMs?: number;
  /** A device not ready this long after its boot counts as failed. @default 60000 */
  readonly deviceTimeoutMs?: number;
  /** Connection requests in flight at once. @default 25 */
  readonly crConcurrency?: number;
  /** Where the markdown table goes. @default process.stdout */
  readonly write?: (text: string) => void;
  /** Live progress (devices ready / N, per second), about once a second. @default stderr */
  readonly progress?: ProgressSink;
}

const CR_WAIT_SECONDS = 10;

export async function runProvisioningBench(
  options: ProvisioningBenchOptions = {},
): Promise<ProvisioningBenchResult> {
  const settings = {
    devices: options.devices ?? 200,
    concurrency: options.concurrency ?? 25,
    warmupDevices: options.warmupDevices ?? 10,
    xmppRetryInitialMs: options.xmppRetryInitialMs ?? 500,
    deviceTimeoutMs: options.deviceTimeoutMs ?? 60_000,
    crConcurrency: options.crConcurrency ?? 25,
  };
  const write = options.write ?? ((text: string) => process.stdout.write(text));
  const sink = options.progress ?? stderrProgressSink();
  const acsLog = new Map<string, number>();
  const rig = await startProvisioningRig({
    onAcsLogLine: (line) => {
      const key = logKey(line);
      if (key !== undefined) acsLog.set(key, (acsLog.get(key) ?? 0) + 1);
    },
  });
  const listener = createCrListener();
  await listener.start();
  const devices: ProvisionedDevice[] = [];
  try {
    const codec = createCwmpCodec();
    const fleet = (prefix: string, count: number) =>
      Array.from({ length: count }, (_, i) => {
        const device = createProvisionedDevice({
          serial: `${prefix}${String(i + 1).padStart(6, "0")}`,
          acsUrl: rig.acs.ready.cwmpUrl,
          codec,
          listener,
          tlsCa: rig.certPem,
          xmppRetryInitialMs: settings.xmppRetryInitialMs,
        });
        devices.push(device);
        return device;
      });
    const phase = (label: string, group: readonly ProvisionedDevice[]) =>
      provision(group, { ...settings, label, sink });

    await phase("provisioning (warm-up)", fleet("PW", settings.warmupDevices));
    const measured = fleet("P", settings.devices);
    await rig.acs.resetCounts();
    const acsCpuBefore = rig.acs.cpuMs();
    const prosodyCpuBefore = cpuMsOf(rig.prosody.process.pid);
    const driverCpuBefore = process.cpuUsage();
    const window = await phase("provisioning", measured);
    const driverCpu = process.cpuUsage(driverCpuBefore);
    const acsCpuMs = rig.acs.cpuMs() - acsCpuBefore;
    const prosodyCpuMs = cpuMsOf(rig.prosody.process.pid) - prosodyCpuBefore;
    const counts = await rig.acs.countsByDevice();
    const ready = measured.filter((device) => device.readyAt !== undefined);
    const apiReady = await confirmReady(rig, ready, settings.crConcurrency);

    const crs: CrSample[] = [];
    const crWindow = await withProgress(
      { label: "provisioning: CR over XMPP via the API", total: ready.length, unit: "CRs", sink },
      (onDone) =>
        runWindow({
          count: ready.length,
          concurrency: settings.crConcurrency,
          deadline: Number.POSITIVE_INFINITY,
          operation: async (index) => {
            const sample = await connectionRequest(rig, ready[index] as ProvisionedDevice);
            crs.push(sample);
            if (sample.problem !== undefined) throw new Error(sample.problem);
          },
          onDone,
        }),
    );

    const result = summariseProvisioning({
      settings,
      measured,
      elapsedMs: window.elapsedMs,
      firstFailure: window.firstFailure,
      counts,
      apiReady,
      acsCpuMs,
      prosodyCpuMs,
      driverCpuMs: (driverCpu.user + driverCpu.system) / 1000,
      acsPeakRssMiB: rig.acs.peakRssKiB() / 1024,
      crs,
      crElapsedMs: crWindow.elapsedMs,
      crWaitSeconds: CR_WAIT_SECONDS,
      acsLog: Object.fromEntries([...acsLog].sort(([, a], [, b]) => b - a)),
    });
    const [load1 = Number.NaN] = loadavg();
    write(
      `${formatProvisioningTable(result)}\n\n1-minute load average at the end: ${load1.toFixed(2)}\n`,
    );
    return result;
  } finally {
    await Promise.all(devices.map((device) => device.cpe.stop()));
    await listener.stop();
    await rig.stop();
  }
}

interface PhaseSettings {
  readonly concurrency: number;
  readonly deviceTimeoutMs: number;
  readonly label: string;
  readonly sink: ProgressSink;
}

/** Boots `group` through a window of `concurrency`; each slot frees when its device is ready. */
function provision(group: readonly ProvisionedDevice[], settings: PhaseSettings) {
  return withProgress(
    { label: settings.label, total: group.length, unit: "devices", sink: settings.sink },
    (onDone) =>
      runWindow({
        count: group.length,
        concurrency: settings.concurrency,
        deadline: Number.POSITIVE_INFINITY,
        operation: async (index) => {
          const device = group[index] as ProvisionedDevice;
          device.boot();
          await withTimeout(device.ready, settings.deviceTimeoutMs, () => notReadyReason(device));
        },
        onDone,
      }),
  );
}

async function withTimeout(work: Promise<void>, ms: number, why: () => string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(why())), ms);
  });
  try {
    await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function notReadyReason(device: ProvisionedDevice): string {
  const last = device.sessions.at(-1);
  const model = device.cpe.model();
  const status = (() => {
    try {
      return model.read("Device.XMPP.Connection.1.Status");
    } catch {
      return "no XMPP.Connection.1";
    }
  })();
  return `${device.serial} not ready: ${device.sessions.length} sessions (last ${last?.result ?? "none"}${
    last?.error ? `: ${last.error}` : ""
  }), XMPP status ${status}, ${device.loginFailures} failed logins (${device.lastLoginError ?? "-"})`;
}

/** The ACS's own view: GET /devices/{id} says xmppConnectionRequest.ready. */
async function confirmReady(
  rig: ProvisioningRig,
  ready: readonly ProvisionedDevice[],
  concurrency: number,
): Promise<number> {
  let confirmed = 0;
  await runWindow({
    count: ready.length,
    concurrency,
    deadline: Number.POSITIVE_INFINITY,
    operation: async (index) => {
      const device = ready[index] as ProvisionedDevice;
      const view = await rig.api("GET", `/devices/${encodeURIComponent(device.id)}`);
      const body = view.body as { xmppConnectionRequest?: { ready?: boolean } } | undefined;
      if (body?.xmppConnectionRequest?.ready === true) confirmed += 1;
    },
  });
  return confirmed;
}

interface CrResponse {
  readonly outcome?: { readonly method?: string; readonly outcome?: string; latencyMs?: number };
  readonly sessionStarted?: boolean;
}

async function connectionRequest(
  rig: ProvisioningRig,
  device: ProvisionedDevice,
): Promise<CrSample> {
  const started = performance.now();
  const response = await rig.api(
    "POST",
    `/devices/${encodeURIComponent(device.id)}/connection-request?wait=${CR_WAIT_SECONDS}`,
  );
  const latencyMs = performance.now() - started;
  const body = response.body as CrResponse | undefined;
  const method = body?.outcome?.method ?? "none";
  const outcome = body?.outcome?.outcome ?? "none";
  const sessionStarted = body?.sessionStarted === true;
  const ok = response.status === 200 && method === "xmpp" && outcome === "delivered";
  return {
    latencyMs,
    method,
    outcome,
    sessionStarted,
    ...(body?.outcome?.latencyMs !== undefined && { senderLatencyMs: body.outcome.latencyMs }),
    ...(!ok || !sessionStarted
      ? {
          problem: `${device.id}: HTTP ${response.status}, ${method} ${outcome}, session ${
            sessionStarted ? "started" : "not started"
          }`,
        }
      : {}),
  };
}

/**
 * "level: msg" of a JSON log line, for counting what the ACS warned about; undefined for other
 * text (Node's own warnings, e.g. the AWS SDK's NodeVersionSupportWarning).
 */
function logKey(line: string): string | undefined {
  if (!line.startsWith("{")) return undefined;
  try {
    const entry = JSON.parse(line) as { level?: string; msg?: string };
    return `${entry.level ?? "?"}: ${entry.msg ?? "?"}`;
  } catch {
    return undefined;
  }
}

export type { ProvisioningBenchResult } from "./provisioning-report.ts";
