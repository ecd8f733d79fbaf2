import type { CpeSecret } from "./core/auth/cpe-authenticator.ts";
import type { DigestUse } from "./core/auth/digest-use.ts";
import type { FleetSummary } from "./core/fleet/fleet-summary.ts";
import type {
  ConnectionRequestStatus,
  DeviceChangeableField,
  DeviceRecord,
  ProvisioningQuiet,
  StoredParameter,
  StunBinding,
  XmppAccountStatus,
} from "./core/model/device.ts";
import type { DeviceFilter } from "./core/model/device-filter.ts";
import type { InformFacts } from "./core/model/inform-facts.ts";
import type { Profile } from "./core/provisioning/profile.ts";
import type { ConnectionRequestMessage } from "./messages/connection-request-message.ts";

export type { InformFacts };

import type { SessionState } from "./core/model/session-state.ts";
import type { TaskRecord, TaskStatus } from "./core/model/task.ts";

/**
 * The interfaces the core and the services need from the outside world.
 * Adapters implement them: DynamoDB (production and dynalite), memory
 * (unit tests). Errors they may throw are in port-errors.ts.
 */

export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
}

export interface IdSource {
  /** 128-bit random, base64url (session ids, nonces). */
  randomId(): string;
  /** Time-sortable unique id (tasks): later calls sort after earlier ones. */
  sortableId(now: number): string;
}

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

export interface ParameterStore {
  /**
   * Writes parameters of the given generation, merging: a field absent from
   * a given parameter (value/type, or writable) keeps what is stored, so a
   * GetParameterValues result does not erase writability learned earlier.
   */
  putParameters(
    deviceId: string,
    generation: number,
    parameters: readonly StoredParameter[],
    options?: PutParametersOptions,
  ): Promise<void>;
  /** Parameters of the generation whose names start with `prefix` (all when omitted). */
  getParameters(deviceId: string, generation: number, prefix?: string): Promise<StoredParameter[]>;
  deleteParameters(deviceId: string, generation: number, names: readonly string[]): Promise<void>;
}

export interface PutParametersOptions {
  /**
   * The items given are complete: nothing of this generation is stored yet (a
   * new device, or the first write after a BOOTSTRAP bumped the generation),
   * or the caller merged them with what is stored. The store may then write
   * whole items in batches instead of merging one by one.
   */
  readonly fresh?: boolean;
}

export interface TaskStore {
  /**
   * Stores a new pending task and appends it to its device's queue. Throws
   * DeviceNotFoundError (and leaves nothing behind) for an unknown device.
   */
  createTask(task: TaskRecord): Promise<void>;
  /**
   * Puts a stored task's id in its device's queue unless it is there (a no-op then): mends a
   * creation cut short between the task item and the queue entry, when its key is replayed.
   */
  ensureQueued(task: TaskRecord): Promise<void>;
  getTask(taskId: string): Promise<TaskRecord | undefined>;
  /** Tasks of one device, oldest first. */
  listTasks(deviceId: string): Promise<TaskRecord[]>;
  /** One page of recent tasks, fleet-wide or of one device, newest (createdAt) first. */
  listRecentTasks(query: RecentTaskQuery): Promise<RecentTaskPage>;
  /**
   * Replaces a task if its status is still `expected`. Throws
   * TaskConflictError otherwise (someone else moved it on).
   */
  updateTask(task: TaskRecord, expected: TaskStatus): Promise<void>;
  /** Removes task ids from the device's queue outside a session (cancel, expiry). */
  dequeue(deviceId: string, taskIds: readonly string[]): Promise<void>;
  /**
   * Binds an Idempotency-Key of a device to a task id and request hash unless it
   * is bound already (and not expired): then returns that binding, untouched.
   */
  claimIdempotencyKey(claim: IdempotencyClaim): Promise<IdempotencyBinding | undefined>;
  /** Unbinds a key whose task could not be created. */
  releaseIdempotencyKey(deviceId: string, key: string): Promise<void>;
}

export interface RecentTaskQuery {
  readonly status?: TaskStatus;
  readonly deviceId?: string;
  /** Oldest creation time listed (epoch ms). */
  readonly since: number;
  /** The listing starts at this instant's UTC day (epoch ms). */
  readonly now: number;
  readonly limit: number;
  /** Opaque, from the previous page. Throws InvalidCursorError when malformed. */
  readonly cursor?: string;
}

export interface RecentTaskPage {
  readonly tasks: readonly TaskRecord[];
  /** Present when more may follow. */
  readonly cursor?: string;
}

export interface IdempotencyClaim {
  readonly deviceId: string;
  readonly key: string;
  readonly taskId: string;
  /** Digest of what was asked (device and canonical task spec): a reused key must ask the same. */
  readonly requestHash: string;
  readonly now: number;
  readonly expiresAt: number;
}

/** What a live key is bound to. */
export interface IdempotencyBinding {
  readonly taskId: string;
  /** Absent on bindings written before request hashes were stored: they match any request. */
  readonly requestHash?: string;
}

/**
 * Seals per-device secrets at rest. `context` (device id and field)
 * is bound to the ciphertext, so a sealed value copied to another device or
 * field does not open. Throws SecretUnreadableError.
 */
export interface SecretSealer {
  seal(plain: string, context: string): string;
  open(sealed: string, context: string): string;
  /** The value is sealed under a key other than the current one: seal it again on its next write. */
  needsReseal(sealed: string): boolean;
  /**
   * A keyed digest (HMAC) of a secret: compares two secrets without storing either. A plain hash
   * of a weak Wi-Fi passphrase could be guessed offline from the record holding it.
   */
  fingerprint(plain: string, context: string): string;
}

/** Bulk data reports, raw and latest (bulk-data-ports.ts). */
export type { BulkDataStore, StoredBulkReport } from "./bulk-data-ports.ts";
/** Diagnostic records and the one-per-type claim (diagnostic-ports.ts). */
export type {
  DiagnosticClaim,
  DiagnosticClaimResult,
  DiagnosticStore,
} from "./diagnostic-ports.ts";

/** Lifecycle events and where they go (event-ports.ts). */
export type { AcsEvent, EventSink } from "./event-ports.ts";

export type {
  ConnectionRequestQueue,
  CrCredentialSource,
  CrCredentials,
  CrMetricName,
  CrMetrics,
  HttpCrSender,
  QueueMessage,
  UdpCrSender,
  XmppAccountCreator,
  XmppCrSender,
} from "./sender-ports.ts";
/** The connection-request queue's message: one zod schema, type inferred (`messages/`). */
export type { ConnectionRequestMessage };

/** Provisioning profiles, managed through the API. */
export interface ProfileStore {
  putProfile(profile: Profile): Promise<void>;
  getProfile(name: string): Promise<Profile | undefined>;
  /** False when there was no such profile. */
  deleteProfile(name: string): Promise<boolean>;
  /** Profile names, in name order. */
  listProfiles(): Promise<string[]>;
}

/** The file store's ports (file-ports.ts): metadata, bytes, and what still uses a file. */
export type {
  FileContent,
  FilePage,
  FileQuery,
  FileStore,
  FileUsage,
  UploadTarget,
} from "./file-ports.ts";

/** A CPE's credentials for authenticating to the ACS (TR-069 3.4.4). */
export interface CpeCredential {
  readonly secret: CpeSecret;
  /** When set, only this device may use the credential (per-device credentials). */
  readonly deviceId?: string;
}

/** Looks up the password a CPE must present (CPE -> ACS authentication). */
export interface CpeCredentialStore {
  credentialFor(username: string): Promise<CpeCredential | undefined>;
}

/** Per-device CPE credentials, stored as HA1 only (provisioned through the API). */
export interface CpeCredentialAdmin extends CpeCredentialStore {
  /**
   * Stores (replaces) a username's HA1 values, bound to one device, and marks that device as
   * having its own credential (before its first Inform too), so the shared one no longer opens
   * its sessions. A username moved to another device unmarks the old one.
   */
  putCredential(
    username: string,
    record: {
      readonly ha1: { readonly md5: string; readonly sha256: string };
      readonly deviceId: string;
      readonly now: number;
    },
  ): Promise<void>;
  /** Removes a username (and its device's mark when it is that username); false when there was none. */
  deleteCredential(username: string): Promise<boolean>;
}

/** Structured logs (JSON lines in production). Never pass secrets in fields. */
export interface Logger {
  info(message: string, fields?: Readonly<Record<string, unknown>>): void;
  warn(message: string, fields?: Readonly<Record<string, unknown>>): void;
  error(message: string, fields?: Readonly<Record<string, unknown>>): void;
}

/** Campaign progress written by sessions and read by the runner (campaign-ports.ts). */
export type {
  CampaignOutcome,
  CampaignPage,
  CampaignProgressStore,
  CampaignQuery,
  CampaignStageProgress,
  CampaignStore,
} from "./campaign-ports.ts";
