import { createStaticCrCredentials } from "../functions/adapters/credentials/static-cr-credentials.ts";
import { createUrlGuard, sendHttpConnectionRequest } from "../functions/adapters/http-cr/index.ts";
import { createJsonLogger } from "../functions/adapters/log/json-logger.ts";
import { createMemoryStores, type MemoryTable } from "../functions/adapters/memory/index.ts";
import { createEmfMetrics } from "../functions/adapters/metrics/emf-metrics.ts";
import { createXmppSession, type XmppSession } from "../functions/adapters/xmpp/index.ts";
import {
  type ConnectionRequestService,
  createConnectionRequestService,
} from "../functions/app/create-connection-request-service.ts";
import type { ConnectionRequestServiceConfig } from "../functions/config/sender-settings.ts";
import { builtInTaskDefaults } from "../functions/config/task-defaults.ts";
import {
  type CrMessageHandler,
  createCrMessageHandler,
} from "../functions/connection-request-service/handle-cr-message.ts";
import type { ConnectionRequestStatus } from "../functions/core/model/device.ts";
import type { DeviceStore, HttpCrSender } from "../functions/ports.ts";

/**
 * The sender as production builds it (build-service.ts), on memory stores: the real XMPP
 * session, the real HTTP connection request with Digest and URL guard, the JSON logger and
 * the EMF metrics (both serialising every line, written to a counting sink instead of stdout),
 * the real handler, and the real service (SQS poller) for the end-to-end path.
 */
export interface SenderRig {
  readonly session: XmppSession;
  readonly table: MemoryTable;
  readonly handler: CrMessageHandler;
  /** Observers the benchmark sets per phase. */
  readonly hooks: RigHooks;
  /** Log and EMF lines serialised so far. */
  readonly linesWritten: () => number;
  /** The service over `sqs`, sharing this rig's session (which the service does not stop). */
  service(sqs: ConnectionRequestServiceDepsSqs, config: ConnectionRequestServiceConfig): Service;
  stop(): Promise<void>;
}

export interface RigHooks {
  /** Called when the handler reads a device (right after the message parsed: "received"). */
  onGet: ((deviceId: string) => void) | undefined;
  /** Called for every outcome the handler records. */
  onRecord: ((deviceId: string, status: ConnectionRequestStatus) => void) | undefined;
}

type ConnectionRequestServiceDepsSqs = Parameters<typeof createConnectionRequestService>[0]["sqs"];
type Service = ConnectionRequestService;

export interface SenderRigOptions {
  readonly xmppService: string;
  readonly domain: string;
  readonly acsUser: string;
  readonly acsPassword: string;
  readonly crUsername: string;
  readonly crPassword: string;
  readonly xmppTimeoutMs: number;
  readonly httpTimeoutMs: number;
}

export const benchBusySettings = { maxAttempts: 5, baseSeconds: 5, maxSeconds: 300 };

export async function startSenderRig(options: SenderRigOptions): Promise<SenderRig> {
  let lines = 0;
  const sink = () => {
    lines += 1;
  };
  const logger = createJsonLogger({ service: "bench-sender", write: sink });
  const metrics = createEmfMetrics({ namespace: "Bench", service: "bench-sender", write: sink });
  const session = createXmppSession({
    service: options.xmppService,
    jid: `${options.acsUser}@${options.domain}`,
    password: options.acsPassword,
    resource: `acs-bench-${process.pid}`,
    requireTls: false,
    logger,
  });
  await session.start();
  const guard = createUrlGuard({ allowCidrs: ["127.0.0.1/32"] });
  const sendHttp: HttpCrSender = (request) =>
    sendHttpConnectionRequest({
      ...request,
      connectTimeoutMs: options.httpTimeoutMs,
      responseTimeoutMs: options.httpTimeoutMs,
      guard,
    });
  const stores = createMemoryStores();
  const hooks: RigHooks = { onGet: undefined, onRecord: undefined };
  const devices: Pick<DeviceStore, "getDevice" | "recordConnectionRequest" | "recordXmppAccount"> =
    {
      getDevice: (deviceId) => {
        hooks.onGet?.(deviceId);
        return stores.devices.getDevice(deviceId);
      },
      recordConnectionRequest: async (deviceId, status) => {
        await stores.devices.recordConnectionRequest(deviceId, status);
        hooks.onRecord?.(deviceId, status);
      },
      recordXmppAccount: (deviceId, status) => stores.devices.recordXmppAccount(deviceId, status),
    };
  const deps = {
    devices,
    // The benchmark's messages carry no task; the store is there because the handler needs one.
    tasks: stores.tasks,
    credentials: createStaticCrCredentials({
      username: options.crUsername,
      password: options.crPassword,
    }),
    xmpp: session,
    sendHttp,
    clock: { now: Date.now },
    logger,
    metrics,
    taskDefaults: builtInTaskDefaults,
  };
  return {
    session,
    table: stores.table,
    handler: createCrMessageHandler({
      ...deps,
      // Dedup 0: every message is sent, even to a device woken a moment ago.
      settings: {
        dedupWindowMs: 0,
        xmppTimeoutMs: options.xmppTimeoutMs,
        busy: benchBusySettings,
      },
    }),
    hooks,
    linesWritten: () => lines,
    service: (sqs, config) =>
      createConnectionRequestService({ ...deps, sqs, xmpp: sharedSession(session), config }),
    stop: () => session.stop(),
  };
}

/** The rig's session for the service: start() waits for it online, stop() leaves it to the rig. */
function sharedSession(session: XmppSession) {
  return {
    get status() {
      return session.status;
    },
    get fatalError() {
      return session.fatalError;
    },
    start: () => session.start(),
    stop: async () => {},
    sendConnectionRequest: session.sendConnectionRequest,
    addUser: session.addUser,
  };
}

/** Puts devices in the registry as rows (what an Inform would have left). */
export function seedDevices(
  table: MemoryTable,
  devices: ReadonlyArray<{
    readonly id: string;
    readonly connReqJabberId?: string;
    readonly connectionRequestUrl?: string;
  }>,
): void {
  const at = Date.now() - 60_000;
  for (const device of devices) {
    table.devices.set(device.id, {
      device: {
        id: device.id,
        manufacturer: "Bench",
        oui: "00BE0C",
        productClass: "CR",
        serialNumber: device.id,
        firstInformAt: at,
        lastInformAt: at,
        lastEvents: ["2 PERIODIC"],
        ...(device.connReqJabberId !== undefined && { connReqJabberId: device.connReqJabberId }),
        ...(device.connectionRequestUrl !== undefined && {
          connectionRequestUrl: device.connectionRequestUrl,
        }),
        tags: [],
        informParameters: {},
        parameterGeneration: 1,
        lastSessionEndedAt: at + 1_000,
      },
      queue: new Map(),
    });
  }
}
