import { createCwmpCodec } from "../core/cwmp/index.ts";
import type { CpeState, SessionRecord, SimulatedCpe, SimulatedCpeOptions } from "./cpe-types.ts";
import { createCpeXmppClient } from "./cpe-xmpp-client.ts";
import type { DataModel } from "./data-model.ts";
import { completeProfile } from "./device-profile.ts";
import { buildDeviceTree } from "./device-tree.ts";
import { createEventQueue } from "./event-queue.ts";
import { assertNever, formatDateTime } from "./param-value.ts";
import { retryDelayMs } from "./retry-backoff.ts";
import { type CpeAction, createRpcHandler } from "./rpc-handler.ts";
import { runSession, type SessionResult } from "./session-client.ts";

export type * from "./cpe-types.ts";

import { firmwareVersion, type TransferRequest, transferResult } from "./transfer-result.ts";
import { createValueChanges, informParameterValues } from "./value-changes.ts";

const forcedInform = [
  "DeviceInfo.HardwareVersion",
  "DeviceInfo.SoftwareVersion",
  "DeviceInfo.ProvisioningCode",
  "ManagementServer.ParameterKey",
  "ManagementServer.ConnectionRequestURL",
  "ManagementServer.AliasBasedAddressing",
];

/** A TR-181 device speaking CWMP to an ACS (TR-069 section 3.7, CPE role). */
export function createSimulatedCpe(options: SimulatedCpeOptions): SimulatedCpe {
  const profile = completeProfile(options);
  const codec = options.codec ?? createCwmpCodec();
  const random = options.random ?? Math.random;
  const timers = new Set<NodeJS.Timeout>();
  const afterSession: (() => void)[] = [];
  const history: SessionRecord[] = [];
  let queue = createEventQueue();
  let state: CpeState = "off";
  let bootTimeMs = Date.now();
  let bootstrapped = false;
  let retryCount = 0;
  let sessionCounter = 0;
  let periodicTimer: NodeJS.Timeout | undefined;
  let retryTimer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let askedWhileRunning = false;
  let power = new AbortController();
  const rpc = createRpcHandler({ model: () => model });
  const valueChanges = createValueChanges();
  const xmpp = createCpeXmppClient({
    ...options.xmpp,
    model: () => model,
    connectionRequest: () => connectionRequest(),
    onValueChange: (paths) => {
      if (state === "off" || !valueChanges.note(model, paths)) return;
      queue.add("4 VALUE CHANGE");
      requestSession();
    },
    random,
  });

  const buildModel = (): DataModel => {
    const tree = buildDeviceTree({
      profile,
      uptimeSeconds: () => (Date.now() - bootTimeMs) / 1000,
      now: Date.now,
    });
    tree.setInternal(
      "Device.ManagementServer.ConnectionRequestURL",
      options.connectionRequestUrl ?? "",
    );
    return tree;
  };
  let model = buildModel();
  const ms = (name: string): string => model.read(`Device.ManagementServer.${name}`);

  const later = (delayMs: number, work: () => void): NodeJS.Timeout => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      work();
    }, delayMs);
    timers.add(timer);
    return timer;
  };
  const cancel = (timer: NodeJS.Timeout | undefined): void => {
    if (timer === undefined) return;
    clearTimeout(timer);
    timers.delete(timer);
  };
  /** Work that must not interrupt a running session waits for its end. */
  const outsideSession = (work: () => void): void => {
    if (state === "in-session") afterSession.push(work);
    else if (state !== "off") work();
  };

  const armPeriodic = (): void => {
    cancel(periodicTimer);
    periodicTimer = undefined;
    const intervalSec = Number(ms("PeriodicInformInterval"));
    if (ms("PeriodicInformEnable") !== "true" || !(intervalSec > 0)) return;
    // setTimeout cannot wait longer than 2^31-1 ms (about 24.8 days).
    periodicTimer = later(Math.min(intervalSec * 1000, 2_147_483_647), () => {
      queue.add("2 PERIODIC");
      armPeriodic();
      requestSession();
    });
  };

  const requestSession = (): void => {
    // Asked while the loop is winding down (it may have checked the queue already): go again.
    if (running !== undefined) askedWhileRunning = true;
    if (state !== "idle" || running !== undefined) return;
    running = sessionLoop().finally(() => {
      running = undefined;
      if (askedWhileRunning) requestSession();
    });
    askedWhileRunning = false;
  };

  const sessionLoop = async (): Promise<void> => {
    while (state === "idle" && queue.pending() && ms("EnableCWMP") === "true") {
      state = "in-session";
      const actions: CpeAction[] = [];
      const record = await runOneSession(actions);
      if (state !== "in-session") return; // switched off meanwhile
      state = "idle";
      history.push(record);
      if (history.length > 20) history.shift();
      options.observer?.onSessionEnd?.(profile.serialNumber, record);
      retryCount = record.result.kind === "completed" ? 0 : retryCount + 1;
      for (const action of actions) perform(action);
      if (state === "idle") xmpp.reconcile(); // the ACS may have changed the XMPP settings
      for (const work of afterSession.splice(0)) work();
      if (record.result.kind !== "completed" && state === "idle") scheduleRetry(record.result);
    }
  };

  const runOneSession = async (actions: CpeAction[]): Promise<SessionRecord> => {
    const events = queue.informEvents();
    const changes = valueChanges.pending();
    const started = performance.now();
    sessionCounter += 1;
    const result = await runSession({
      acsUrl: ms("URL"),
      codec,
      cwmpNamespace: options.cwmpNamespace ?? "urn:dslforum-org:cwmp-1-0",
      username: ms("Username"),
      password: ms("Password"),
      inform: {
        method: "Inform",
        deviceId: {
          manufacturer: profile.manufacturer,
          oui: profile.oui,
          productClass: profile.productClass,
          serialNumber: profile.serialNumber,
        },
        event: events,
        maxEnvelopes: 1,
        currentTime: formatDateTime(Date.now()),
        retryCount,
        parameterList: informParameterValues(
          model,
          forcedInform.map((name) => `Device.${name}`),
          changes,
        ),
      },
      requests: queue.transferRequests(),
      handleRpc: (message) => {
        const outcome = rpc.handle(message);
        if (outcome.action !== undefined) actions.push(outcome.action);
        return outcome.response;
      },
      idPrefix: `${profile.serialNumber}-${sessionCounter}`,
      timeoutMs: options.sessionTimeoutMs ?? 60_000,
      now: () => performance.now(),
      signal: power.signal,
      onInformAccepted: () => {
        queue.acknowledge(events);
        if (valueChanges.acknowledge(changes)) queue.add("4 VALUE CHANGE");
        if (events.some((event) => event.eventCode === "0 BOOTSTRAP")) bootstrapped = true;
      },
      onRequestAccepted: (request) => {
        if (request.method === "TransferComplete") queue.transferAcknowledged(request);
      },
      ...(options.observer?.onExchange ? { onExchange: options.observer.onExchange } : {}),
    });
    return { events, result, durationMs: performance.now() - started };
  };

  /** TR-069 3.2.1.1 back-off, or the ACS's Retry-After after a 503. */
  const scheduleRetry = (result: SessionResult): void => {
    const delayMs =
      result.kind === "busy" && result.retryAfterSec !== undefined
        ? result.retryAfterSec * 1000
        : retryDelayMs(
            {
              minWaitSec: options.retryMinWaitSec ?? Number(ms("CWMPRetryMinimumWaitInterval")),
              multiplier: Number(ms("CWMPRetryIntervalMultiplier")),
            },
            retryCount,
            random,
          );
    state = "waiting-retry";
    retryTimer = later(delayMs, () => {
      retryTimer = undefined;
      if (state !== "waiting-retry") return;
      state = "idle";
      requestSession();
    });
  };

  const perform = (action: CpeAction): void => {
    switch (action.kind) {
      case "reboot":
        reboot([["M Reboot", action.commandKey]]);
        return;
      case "factory-reset":
        // TR-069 3.7.1.5: after a factory reset the next session carries 0 BOOTSTRAP.
        bootstrapped = false;
        queue = createEventQueue();
        valueChanges.clear();
        model = buildModel();
        reboot([]);
        return;
      case "download":
      case "upload":
        return void later(action.request.delaySeconds * 1000, () => transfer(action));
      case "schedule-inform":
        return void later(action.delaySeconds * 1000, () => {
          queue.add("3 SCHEDULED");
          queue.add("M ScheduleInform", action.commandKey);
          requestSession();
        });
      case "parameters-changed":
        if (action.names.some((name) => name.includes("ManagementServer.PeriodicInform"))) {
          armPeriodic();
        }
        return;
      default:
        assertNever(action);
    }
  };

  /** A simulated transfer; a successful download installs and reboots (TR-069 A.3.2.8). */
  const transfer = (request: TransferRequest): void => {
    const startedMs = Date.now();
    later(options.transferDurationMs ?? 1000, () =>
      outsideSession(() => {
        const result = transferResult(request, startedMs, Date.now());
        queue.addTransfer(result);
        if (request.kind === "upload" || result.failed) {
          requestSession();
          return;
        }
        const version = firmwareVersion(request.request);
        if (version !== undefined) model.setInternal("Device.DeviceInfo.SoftwareVersion", version);
        if (state !== "rebooting") reboot([]);
      }),
    );
  };

  const reboot = (extraEvents: readonly [string, string][]): void => {
    state = "rebooting";
    void xmpp.stop();
    cancel(periodicTimer);
    cancel(retryTimer);
    queue.clearForReboot();
    later(options.rebootDelayMs ?? 2000, () => boot(extraEvents));
  };

  const boot = (extraEvents: readonly [string, string][]): void => {
    bootTimeMs = Date.now();
    state = "idle";
    if (!bootstrapped) queue.add("0 BOOTSTRAP");
    queue.add("1 BOOT");
    for (const [code, key] of extraEvents) queue.add(code, key);
    options.observer?.onBoot?.(profile.serialNumber);
    armPeriodic();
    xmpp.reconcile();
    requestSession();
  };

  /** An authenticated connection request, over HTTP or XMPP (TR-069 3.2.2, Annex K). */
  const connectionRequest = (): "accepted" | "busy" => {
    const outcome = acceptConnectionRequest();
    options.observer?.onConnectionRequest?.(profile.serialNumber, outcome);
    return outcome;
  };
  const acceptConnectionRequest = (): "accepted" | "busy" => {
    if (state !== "idle" && state !== "waiting-retry") return "busy";
    queue.add("6 CONNECTION REQUEST");
    if (state === "waiting-retry") {
      cancel(retryTimer);
      state = "idle";
    }
    requestSession();
    return "accepted";
  };

  return {
    serialNumber: profile.serialNumber,
    profile,
    state: () => state,
    model: () => model,
    sessions: () => history,
    start: () => {
      if (state !== "off") return;
      power = new AbortController();
      boot([]);
    },
    stop: async () => {
      state = "off";
      power.abort();
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      afterSession.length = 0;
      await Promise.all([running, xmpp.stop()]);
    },
    connectionRequest,
  };
}
