import type { DigestUse } from "./core/auth/digest-use.ts";
import type { FleetSummary } from "./core/fleet/fleet-summary.ts";
import type {
  ConnectionRequestStatus,
  DeviceChangeableField,
  DeviceRecord,
  ProvisioningQuiet,
  StunBinding,
  XmppAccountStatus,
} from "./core/model/device.ts";
import type { DeviceFilter } from "./core/model/device-filter.ts";
import type { InformFacts } from "./core/model/inform-facts.ts";
import type { SessionState } from "./core/model/session-state.ts";
import type { TaskRecord } from "./core/model/task.ts";
import type { Clock } from "./ports.ts";

/**
 * The device store port (re-exported by ports.ts): the registry, the session lease and the
 * queue on the device's items. Errors it may throw are in port-errors.ts.
 */

export interface OpenedSession {
  /** The registry entry as it was before this Inform (undefined for a new device, or `unchanged`). */
  readonly previous: DeviceRecord | undefined;
  /** The registry entry after this Inform; undefined when `inform` is `unchanged`. */
  readonly device: DeviceRecord | undefined;
  /**
   * `recorded`: the Inform's facts were written to the device record (a new device, a change,
   * a BOOTSTRAP, or after an abandoned session); `unchanged`: they matched what the record
   * holds, and only the lease was written (no parameter changes to store).
   */
  readonly inform: "recorded" | "unchanged";
  /** True when the store had no device of this id before. */
  readonly newDevice: boolean;
  /**
   * The earlier session the device item still held (never closed by the ACS): superseded
   * while live, or left idle past its lease. Its in-flight RPC got no reply.
   */
  readonly abandoned?: SessionState;
  /** What waits for this session, as the lease knew it before the Inform. */
  readonly pending: PendingWork;
}

/** What waits for a device's next session (the idle decision, core/session/idle-at-inform.ts). */
export interface PendingWork {
  readonly queuedTasks: number;
  /** The oldest queued task's id: the session's next request reads it with the device. */
  readonly headTaskId?: string;
  readonly provisioningQuiet?: ProvisioningQuiet;
}

/** A live session as `DeviceStore.loadSession` finds it. */
export interface LoadedSession {
  readonly device: DeviceRecord;
  readonly session: SessionState;
  /** The task asked for with `prefetchTaskId`, read in the same request, if it is this device's. */
  readonly prefetchedTask?: TaskRecord;
}

export interface CloseSessionOptions {
  readonly queueSeen?: readonly string[];
}

export type SessionCloseOutcome =
  | { readonly kind: "closed" }
  /** The queue is not `queueSeen`: nothing was written; `taskQueue` is the queue now, in order. */
  | { readonly kind: "queue-changed"; readonly taskQueue: readonly string[] };

export interface OpenSessionOptions {
  /**
   * Take the lease even while another session holds it: the Inform ends the device's
   * earlier session (a reboot or a retried session, `core/session/lease.ts`).
   */
  readonly supersede?: boolean;
  /**
   * The digest answer that authenticated the Inform: the write records it and is refused
   * (DigestReplayError) unless it is later than the device's last one (core/auth/digest-use.ts).
   */
  readonly digest?: DigestUse;
  /**
   * The Inform used the shared credential: refused (SharedCredentialRefusedError) when the
   * device has its own (a per-device credential was provisioned for it).
   */
  readonly sharedCredential?: boolean;
}

/** Changes to the registry entry made together with a session save or close. */
/**
 * What a session save or close writes besides the lease: tasks that leave the
 * queue (finished, or waiting for a TransferComplete) and the fields of
 * `deviceChangeableFields` it changed (provisioning memory is replaced whole:
 * the session holds the lease, nobody else writes it).
 */
export type DeviceChanges = { readonly dequeue?: readonly string[] } & Partial<
  Pick<DeviceRecord, DeviceChangeableField>
>;

export interface DeviceStore {
  /**
   * Records the Inform and takes the device's session lease in one
   * conditional write. Throws SessionBusyError while another session's
   * lease is live, unless `options.supersede`.
   */
  openSession(
    facts: InformFacts,
    session: SessionState,
    now: number,
    options?: OpenSessionOptions,
  ): Promise<OpenedSession>;
  /**
   * The device and its live session, if `sessionId` is that session and it has not expired;
   * with `prefetchTaskId`, that task too (same request, consistent), if it is this device's.
   */
  loadSession(
    deviceId: string,
    sessionId: string,
    now: number,
    prefetchTaskId?: string,
  ): Promise<LoadedSession | undefined>;
  /** Saves the session (renewing its lease). Throws SessionLostError if it is no longer ours. */
  saveSession(session: SessionState, changes: DeviceChanges): Promise<void>;
  /**
   * Ends the session and frees the lease. Throws SessionLostError if it is no longer ours.
   * With `queueSeen` (the task ids the session saw queued, its own new ones included), the
   * close is refused, and nothing written, when the queue holds anything else: a task queued
   * meanwhile was not woken for (the sender skips a device in session), so the session must
   * send it before it may end.
   */
  closeSession(
    session: SessionState,
    changes: DeviceChanges,
    now: number,
    options?: CloseSessionOptions,
  ): Promise<SessionCloseOutcome>;
  /**
   * Ends a session right after its Inform, in one conditional write and no read, if it is
   * still that session at its first exchange and nothing is queued; false otherwise (the
   * caller then loads the session and carries on as usual).
   */
  closeIdleSession(deviceId: string, sessionId: string, now: number): Promise<boolean>;
  getDevice(deviceId: string): Promise<DeviceRecord | undefined>;
  /** Records a connection-request attempt on the device. */
  recordConnectionRequest(deviceId: string, status: ConnectionRequestStatus): Promise<void>;
  /** Records what became of the device's XMPP account. Throws DeviceNotFoundError. */
  recordXmppAccount(deviceId: string, status: XmppAccountStatus): Promise<void>;
  /** Records the device's NAT binding seen by the STUN server. Throws DeviceNotFoundError. */
  recordStunBinding(deviceId: string, binding: StunBinding): Promise<void>;
  /** One page of devices matching the query (order: stable but unspecified). */
  listDevices(query: DeviceQuery): Promise<DevicePage>;
  /**
   * Forgets a device: its registry entry and parameters. Throws
   * DeviceNotFoundError, or SessionBusyError while it is in session.
   */
  deleteDevice(deviceId: string, now: number): Promise<void>;
  /** Adds or removes a tag (idempotent). Throws DeviceNotFoundError. */
  setTag(deviceId: string, tag: string, present: boolean): Promise<void>;
  /**
   * Counts the whole fleet (core/fleet/fleet-summary.ts) from what the device index carries,
   * never a Scan; `complete: false` when the budget ran out first.
   */
  summarizeFleet(request: FleetSummaryRequest): Promise<FleetSummary>;
  /** The last saved summary (one item), if any. */
  loadFleetSummary(): Promise<FleetSummary | undefined>;
  saveFleetSummary(summary: FleetSummary): Promise<void>;
}

/** What one fleet summary may spend. */
export interface FleetSummaryRequest {
  readonly now: number;
  /**
   * Read no further page once this many devices were counted (checked between index pages of
   * up to 1 MB, so a summary may count a page more).
   */
  readonly maxDevices: number;
  /** Read no further page once `clock` reads at or after this instant (epoch ms). */
  readonly deadline: number;
  readonly clock: Clock;
}

export interface DeviceQuery extends DeviceFilter {
  readonly limit: number;
  /** Opaque, from the previous page. Throws InvalidCursorError when tampered with. */
  readonly cursor?: string;
}

export interface DevicePage {
  readonly devices: readonly DeviceRecord[];
  /** Present when more may follow. */
  readonly cursor?: string;
}
