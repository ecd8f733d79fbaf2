import { type CwmpCodec, createCwmpCodec } from "../core/cwmp/index.ts";
import { answerConnectionRequest } from "./cpe-connection-request.ts";
import { buildCpeModel } from "./cpe-model.ts";
import { type CpeStunClient, createCpeStunClient } from "./cpe-stun-client.ts";
import type { CpeState, SessionRecord, SimulatedCpeOptions } from "./cpe-types.ts";
import { type CpeXmppClient, createCpeXmppClient } from "./cpe-xmpp-client.ts";
import type { DataModel } from "./data-model.ts";
import { completeProfile, type DeviceProfile } from "./device-profile.ts";
import { createEventQueue, type EventQueue } from "./event-queue.ts";
import { createMisbehavingRpcHandler, type MisbehavingRpcHandler } from "./misbehaving-rpc.ts";
import { type Misbehaviours, noMisbehaviours } from "./misbehaviours.ts";
import { createRpcHandler } from "./rpc-handler.ts";
import { createScheduledTransfers, type ScheduledTransfers } from "./scheduled-transfers.ts";
import { createTimerSet, type TimerSet } from "./timer-set.ts";
import { createValueChanges, type ValueChanges } from "./value-changes.ts";

/** What a device remembers across reboots about booting (TR-069 3.7.1.5). */
export interface BootMemory {
  /** When the device last booted (DeviceInfo.UpTime counts from here). */
  timeMs: number;
  /** An InformResponse acknowledged 0 BOOTSTRAP; a factory reset forgets it. */
  bootstrapped: boolean;
  everBooted: boolean;
}

/**
 * Everything one simulated device is, passed explicitly to the functions that
 * drive it (cpe-power.ts, cpe-session-loop.ts, cpe-actions.ts). Its lifecycle
 * state is read with `state()` and changed only through `enterState`.
 */
export interface CpeDevice {
  readonly options: SimulatedCpeOptions;
  readonly profile: DeviceProfile;
  readonly misbehaviours: Misbehaviours;
  readonly codec: CwmpCodec;
  readonly random: () => number;
  readonly timers: TimerSet;
  readonly rpc: MisbehavingRpcHandler;
  readonly valueChanges: ValueChanges;
  readonly xmpp: CpeXmppClient;
  /** TR-111 Part 2 STUN client and the UDP connection request listener on its socket. */
  readonly stun: CpeStunClient;
  readonly boot: BootMemory;
  /** ScheduleDownload transfers not yet finished. */
  readonly transfers: ScheduledTransfers;
  /** The last sessions, newest last (at most 20). */
  readonly history: SessionRecord[];
  /** Work that waits for the running session to end. */
  readonly afterSession: (() => void)[];
  state(): CpeState;
  enterState(next: CpeState): void;
  /** Asks for a session: starts the session loop, or has it go round once more. */
  requestSession(): void;
  model: DataModel;
  queue: EventQueue;
  retryCount: number;
  /** Numbers the sessions, for the cwmp:IDs of the device's own requests. */
  sessionCounter: number;
  periodicTimer: NodeJS.Timeout | undefined;
  /** One per enabled BulkData profile (bulk-data-reporter.ts). */
  readonly bulkDataTimers: NodeJS.Timeout[];
  retryTimer: NodeJS.Timeout | undefined;
  /** The session loop, while it runs. */
  running: Promise<void> | undefined;
  /** A session was asked for while the loop was winding down. */
  askedWhileRunning: boolean;
  /** Aborted by power off; a new one at every power on. */
  power: AbortController;
}

export interface CpeDeviceOptions {
  readonly options: SimulatedCpeOptions;
  /**
   * The session loop's entry (cpe-session-loop.ts), passed in because the loop
   * drives the device and so depends on this module, not the other way round.
   */
  readonly requestSession: (device: CpeDevice) => void;
}

/** A switched-off device with a fresh data model. */
export function createCpeDevice({ options, requestSession }: CpeDeviceOptions): CpeDevice {
  const profile = completeProfile(options);
  const misbehaviours = options.misbehaviours ?? noMisbehaviours;
  const random = options.random ?? Math.random;
  const boot: BootMemory = { timeMs: Date.now(), bootstrapped: false, everBooted: false };
  let state: CpeState = "off";
  const device: CpeDevice = {
    options,
    profile,
    misbehaviours,
    codec: options.codec ?? createCwmpCodec(),
    random,
    timers: createTimerSet(),
    transfers: createScheduledTransfers(),
    rpc: createMisbehavingRpcHandler({
      rpc: createRpcHandler({ model: () => device.model, transfers: () => device.transfers }),
      model: () => device.model,
      misbehaviours,
    }),
    valueChanges: createValueChanges(),
    xmpp: createCpeXmppClient({
      ...options.xmpp,
      model: () => device.model,
      connectionRequest: () => answerConnectionRequest(device),
      onValueChange: (paths) => noteOwnValueChange(device, paths),
      random,
    }),
    stun: createCpeStunClient({
      ...options.stun,
      model: () => device.model,
      connectionRequest: () => answerConnectionRequest(device),
      onValueChange: (paths) => noteOwnValueChange(device, paths),
      onUdpConnectionRequest: (verdict) =>
        options.observer?.onUdpConnectionRequest?.(profile.serialNumber, verdict),
    }),
    boot,
    history: [],
    afterSession: [],
    state: () => state,
    enterState: (next) => {
      state = next;
    },
    requestSession: () => requestSession(device),
    model: buildCpeModel({ options, profile, misbehaviours, boot }),
    queue: freshEventQueue(misbehaviours),
    retryCount: 0,
    sessionCounter: 0,
    periodicTimer: undefined,
    bulkDataTimers: [],
    retryTimer: undefined,
    running: undefined,
    askedWhileRunning: false,
    power: new AbortController(),
  };
  return device;
}

/** The device changed an active-notification parameter itself (TR-069 3.2.1: 4 VALUE CHANGE). */
function noteOwnValueChange(device: CpeDevice, paths: readonly string[]): void {
  if (device.state() === "off" || !device.valueChanges.note(device.model, paths)) return;
  device.queue.add("4 VALUE CHANGE");
  device.requestSession();
}

/** TR-069 3.7.1.5: a factory reset forgets the bootstrap, pending events and every setting. */
export function resetToFactoryState(device: CpeDevice): void {
  device.boot.bootstrapped = false;
  device.queue = freshEventQueue(device.misbehaviours);
  device.valueChanges.clear();
  device.model = buildCpeModel(device);
}

function freshEventQueue(misbehaviours: Misbehaviours): EventQueue {
  return createEventQueue({ lateTransferComplete: misbehaviours.lateTransferComplete === true });
}
