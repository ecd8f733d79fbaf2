import type { HttpCrOutcome } from "../../functions/adapters/http-cr/index.ts";
import type { XmppCrOutcome } from "../../functions/adapters/xmpp/index.ts";
import type { DeviceRecord } from "../../functions/core/model/device.ts";
import type {
  CrMetricName,
  CrMetrics,
  DeviceStore,
  HttpCrSender,
  Logger,
  XmppCrSender,
} from "../../functions/ports.ts";
import { informFacts, sessionState } from "../adapters/store-contract/fixtures.ts";

export const t0 = Date.UTC(2025, 5, 1, 12, 0, 0);

export interface DeviceSeed {
  readonly deviceId: string;
  readonly connectionRequestUrl?: string;
  readonly connReqJabberId?: string;
  /** Leave the session open (lease live until `at` + 30 s). */
  readonly inSession?: boolean;
  /** @default t0 - 60 s */
  readonly at?: number;
}

/** Puts a device in the registry the way the ACS does: an Inform opens a session, then it ends. */
export async function seedDevice(devices: DeviceStore, seed: DeviceSeed): Promise<void> {
  const at = seed.at ?? t0 - 60_000;
  const facts = informFacts(seed.deviceId, {
    connectionRequestUrl: seed.connectionRequestUrl,
    ...(seed.connReqJabberId !== undefined && { connReqJabberId: seed.connReqJabberId }),
  });
  const session = sessionState(seed.deviceId, `session-${seed.deviceId}`, at);
  await devices.openSession(facts, session, at);
  if (seed.inSession !== true) await devices.closeSession(session, {}, at + 1_000);
}

export interface RecordingMetrics extends CrMetrics {
  readonly counts: Array<{ name: CrMetricName; dimensions: Record<string, string> }>;
  readonly latencies: Array<{ method: string; milliseconds: number }>;
  total(name: CrMetricName, dimensions?: Record<string, string>): number;
}

export function recordingMetrics(): RecordingMetrics {
  const counts: RecordingMetrics["counts"] = [];
  const latencies: RecordingMetrics["latencies"] = [];
  return {
    counts,
    latencies,
    count: (name, dimensions = {}) => counts.push({ name, dimensions: { ...dimensions } }),
    latency: (method, milliseconds) => latencies.push({ method, milliseconds }),
    total: (name, dimensions = {}) =>
      counts.filter(
        (entry) =>
          entry.name === name &&
          Object.entries(dimensions).every(([key, value]) => entry.dimensions[key] === value),
      ).length,
  };
}

export interface RecordingLogger extends Logger {
  readonly entries: Array<{ level: string; message: string; fields: Record<string, unknown> }>;
  /** Everything logged, as one string (to check that no secret leaked). */
  text(): string;
}

export function recordingLogger(): RecordingLogger {
  const entries: RecordingLogger["entries"] = [];
  const log =
    (level: string) =>
    (message: string, fields: Record<string, unknown> = {}) =>
      entries.push({ level, message, fields: { ...fields } });
  return {
    entries,
    info: log("info"),
    warn: log("warn"),
    error: log("error"),
    text: () => JSON.stringify(entries),
  };
}

/** Scripted XMPP sender: answers from `outcomes` in order (the last one repeats). */
export function fakeXmpp(
  ...outcomes: XmppCrOutcome["kind"][]
): XmppCrSender & { calls: Array<{ to: string; username: string; password: string }> } {
  const calls: Array<{ to: string; username: string; password: string }> = [];
  return {
    calls,
    async sendConnectionRequest(request) {
      calls.push({ to: request.to, username: request.username, password: request.password });
      const kind = outcomes[Math.min(calls.length, outcomes.length) - 1] ?? "delivered";
      return kind === "error"
        ? { kind, condition: "item-not-found", latencyMs: 3 }
        : { kind, latencyMs: 3 };
    },
  };
}

/** Scripted HTTP sender: answers from `outcomes` in order (the last one repeats). */
export function fakeHttp(
  ...outcomes: HttpCrOutcome[]
): HttpCrSender & { calls: Array<{ url: string; username?: string; password?: string }> } {
  const calls: Array<{ url: string; username?: string; password?: string }> = [];
  const send = async (request: Parameters<HttpCrSender>[0]) => {
    calls.push({ ...request });
    const outcome = outcomes[Math.min(calls.length, outcomes.length) - 1];
    return outcome ?? { kind: "delivered", status: 204, authenticated: true, latencyMs: 5 };
  };
  return Object.assign(send, { calls });
}

export const httpDelivered: HttpCrOutcome = {
  kind: "delivered",
  status: 204,
  authenticated: true,
  latencyMs: 7,
};

export function httpBusy(retryAfterSeconds?: number): HttpCrOutcome {
  return {
    kind: "busy",
    status: 503,
    latencyMs: 4,
    ...(retryAfterSeconds !== undefined && { retryAfterSeconds }),
  };
}

/** A registry entry as the sender reads it (device "00D09E-HGW-S1" unless overridden). */
export function deviceRecord(overrides: Partial<DeviceRecord> = {}): DeviceRecord {
  return {
    id: "00D09E-HGW-S1",
    manufacturer: "Acme",
    oui: "00D09E",
    productClass: "HGW",
    serialNumber: "S1",
    firstInformAt: t0,
    lastInformAt: t0,
    lastEvents: [],
    tags: [],
    informParameters: {},
    parameterGeneration: 0,
    taskQueue: [],
    ...overrides,
  };
}
