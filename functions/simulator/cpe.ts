import { createCwmpCodec } from "../core/cwmp/index.ts";
import { assertNever } from "../core/session/assert-never.ts";
import { runCpeSession } from "./cpe-session.ts";
import type { CpeState, SessionRecord, SimulatedCpe, SimulatedCpeOptions } from "./cpe-types.ts";
import { createCpeXmppClient } from "./cpe-xmpp-client.ts";
import type { DataModel } from "./data-model.ts";
import { completeProfile } from "./device-profile.ts";
import { buildDeviceTree } from "./device-tree.ts";
import { createEventQueue } from "./event-queue.ts";
import { createMisbehavingRpcHandler, type HangUp } from "./misbehaving-rpc.ts";
import { noMisbehaviours } from "./misbehaviours.ts";
import { retryDelayMs } from "./retry-backoff.ts";
import { type CpeAction, createRpcHandler } from "./rpc-handler.ts";
import type { SessionResult } from "./session-client.ts";
import { createTimerSet } from "./timer-set.ts";
import { firmwareVersion, type TransferRequest, transferResult } from "./transfer-result.ts";
import { createValueChanges } from "./value-changes.ts";

export type * from "./cpe-types.ts";

/** A TR-181 device speaking CWMP to an ACS (TR-069 section 3.7, CPE role). */
export function createSimulatedCpe(options: SimulatedCpeOptions): SimulatedCpe {
  const profile = completeProfile(options);
  const misbehaviours = options.misbehaviours ?? noMisbehaviours;
  const codec = options.codec ?? createCwmpCodec();
  const random = options.random ?? Math.random;
  const { later, cancel, clear: clearTimers } = createTimerSet();
  const afterSession: (() => void)[] = [];
  const history: SessionRecord[] = [];
  const newEventQueue = () =>
    createEventQueue({ lateTransferComplete: misbehaviours.lateTransferComplete === true });
  let queue = newEventQueue();
  let state: CpeState = "off";
  let bootTimeMs = Date.now();
  let bootstrapped = false;
  let everBooted = false;
  let retryCount = 0;
  let sessionCounter = 0;
  let periodicTimer: NodeJS.Timeout | undefined;
  let retryTimer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let askedWhileRunning = false;
  let power = new AbortController();
  const rpc = createMisbehavingRpcHandler({
    rpc: createRpcHandler({ model: () => model }),
    model: () => model,
    misbehaviours,
  });
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
      ...(misbehaviours.xmppObject === undefined ? {} : { xmppObject: misbehaviours.xmppObject }),
    });
    tree.setInternal(
      "Device.ManagementServer.ConnectionRequestURL",
      options.connectionRequestUrl ?? "",
    );
    return tree;
  };
  let model = buildModel();
  const ms = (name: string): string => model.read(`Device.ManagementServer.${name}`);

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
      sessionCounter += 1;
      const { record, actions, hangUp, bootstrapAcknowledged } = await runCpeSession({
        options,
        profile,
        model,
        queue,
        valueChanges,
        rpc,
        misbehaviours,
        codec,
        retryCount,
        sessionNumber: sessionCounter,
        signal: power.signal,
      });
      if (bootstrapAcknowledged) bootstrapped = true;
      if (state !== "in-session") return; // switched off meanwhile
      state = "idle";
      history.push(record);
      if (history.length > 20) history.shift();
      options.observer?.onSessionEnd?.(profile.serialNumber, record);
      const failed = record.result.kind !== "completed" && hangUp === undefined;
      retryCount = failed ? retryCount + 1 : 0;
      if (hangUp === undefined) for (const action of actions) perform(action);
      else restartAfterHangUp(hangUp, actions);
      if (state === "idle") xmpp.reconcile(); // the ACS may have changed the XMPP settings
      for (const work of afterSession.splice(0)) work();
      if (failed && state === "idle") scheduleRetry(record.result);
    }
  };

  /**
   * The device closed the connection instead of answering: RPCs it answered before still take
   * effect, then it restarts at once (crash) or reboots (Reboot without RebootResponse).
   */
  const restartAfterHangUp = (hangUp: HangUp, actions: readonly CpeAction[]): void => {
    for (const action of actions) if (action.kind !== "reboot") perform(action);
    if (state === "rebooting") return; // a FactoryReset answered earlier already reboots
    const keys = actions.flatMap((action) => (action.kind === "reboot" ? [action.commandKey] : []));
    if (hangUp.kind === "reboot") keys.push(hangUp.commandKey);
    const events = keys.map((key): [string, string] => ["M Reboot", key]);
    reboot(events, hangUp.kind === "crash" ? 0 : undefined);
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
        queue = newEventQueue();
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
          // A late reporter waits for its next periodic or connection-request session.
          if (misbehaviours.lateTransferComplete !== true) requestSession();
          return;
        }
        const version = firmwareVersion(request.request);
        if (version !== undefined) model.setInternal("Device.DeviceInfo.SoftwareVersion", version);
        if (state !== "rebooting") reboot([]);
      }),
    );
  };

  const reboot = (extraEvents: readonly [string, string][], delayMs?: number): void => {
    state = "rebooting";
    void xmpp.stop();
    cancel(periodicTimer);
    cancel(retryTimer);
    queue.clearForReboot();
    later(delayMs ?? options.rebootDelayMs ?? 2000, () => boot(extraEvents));
  };

  /** TR-069 3.7.1.5; a neverBootstrap device's first contact looks like a periodic one. */
  const addBootEvents = (): void => {
    if (misbehaviours.neverBootstrap === true) queue.add(everBooted ? "1 BOOT" : "2 PERIODIC");
    else {
      if (!bootstrapped) queue.add("0 BOOTSTRAP");
      queue.add("1 BOOT");
    }
    everBooted = true;
  };

  const boot = (extraEvents: readonly [string, string][]): void => {
    bootTimeMs = Date.now();
    state = "idle";
    addBootEvents();
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
    misbehaviours,
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
      clearTimers();
      afterSession.length = 0;
      await Promise.all([running, xmpp.stop()]);
    },
    connectionRequest,
  };
}
