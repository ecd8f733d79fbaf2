import type { CpeSecret } from "./core/auth/cpe-authenticator.ts";
import type { StoredParameter } from "./core/model/device.ts";
import type { InformFacts } from "./core/model/inform-facts.ts";
import type { Profile } from "./core/provisioning/profile.ts";
import type { ConnectionRequestMessage } from "./messages/connection-request-message.ts";

export type { InformFacts };

import type { TaskName, TaskRecord, TaskStatus } from "./core/model/task.ts";

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

export type {
  CloseSessionOptions,
  DeviceChanges,
  DevicePage,
  DeviceQuery,
  DeviceStore,
  FleetSummaryRequest,
  LoadedSession,
  OpenedSession,
  OpenSessionOptions,
  PendingWork,
  SessionCloseOutcome,
} from "./device-ports.ts";

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
  /**
   * Marks a task running for a send in one conditional write, with no read before it
   * (services/hinted-send.ts): only a pending task of `claim.deviceId`, unexpired, with a send
   * left and of a kind in `claim.names`; it becomes `sentOnce(task, claim.sent)`
   * (core/session/task-policy.ts). Returns the task as it was before the write, or undefined
   * when any of that does not hold (nothing written).
   */
  claimForSend(claim: TaskSendClaim): Promise<TaskRecord | undefined>;
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

export interface TaskSendClaim {
  readonly taskId: string;
  readonly deviceId: string;
  /** TaskRecord.sent of the send: when, and the sending session's tag (session-tag.ts). */
  readonly sent: { readonly at: number; readonly session: string };
  /** The task kinds that may be claimed (core/session/send-hint.ts). */
  readonly names: readonly TaskName[];
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
