import type {
  ConnectionRequestStatus,
  DeviceRecord,
  StoredParameter,
} from "./core/model/device.ts";
import type { InformFacts } from "./core/model/inform-facts.ts";

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
  /** The registry entry as it was before this Inform (undefined for a new device). */
  readonly previous: DeviceRecord | undefined;
  /** The registry entry after this Inform. */
  readonly device: DeviceRecord;
}

/** Changes to the registry entry made together with a session save or close. */
export interface DeviceChanges {
  /** Tasks that leave the queue (finished, or waiting for a TransferComplete). */
  readonly dequeue?: readonly string[];
  readonly connReqJabberId?: string;
  readonly connectionRequestUrl?: string;
}

export interface DeviceStore {
  /**
   * Records the Inform and takes the device's session lease in one
   * conditional write. Throws SessionBusyError while another session's
   * lease is live.
   */
  openSession(facts: InformFacts, session: SessionState, now: number): Promise<OpenedSession>;
  /** The device and its live session, if `sessionId` is that session and it has not expired. */
  loadSession(
    deviceId: string,
    sessionId: string,
    now: number,
  ): Promise<{ device: DeviceRecord; session: SessionState } | undefined>;
  /** Saves the session (renewing its lease). Throws SessionLostError if it is no longer ours. */
  saveSession(session: SessionState, changes: DeviceChanges): Promise<void>;
  /** Ends the session and frees the lease. Throws SessionLostError if it is no longer ours. */
  closeSession(session: SessionState, changes: DeviceChanges, now: number): Promise<void>;
  getDevice(deviceId: string): Promise<DeviceRecord | undefined>;
  /** Records a connection-request attempt on the device (issue 4). */
  recordConnectionRequest(deviceId: string, status: ConnectionRequestStatus): Promise<void>;
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
  ): Promise<void>;
  /** Parameters of the generation whose names start with `prefix` (all when omitted). */
  getParameters(deviceId: string, generation: number, prefix?: string): Promise<StoredParameter[]>;
  deleteParameters(deviceId: string, generation: number, names: readonly string[]): Promise<void>;
}

export interface TaskStore {
  /**
   * Stores a new pending task and appends it to its device's queue. Throws
   * DeviceNotFoundError (and leaves nothing behind) for an unknown device.
   */
  createTask(task: TaskRecord): Promise<void>;
  getTask(taskId: string): Promise<TaskRecord | undefined>;
  /** Tasks of one device, oldest first. */
  listTasks(deviceId: string): Promise<TaskRecord[]>;
  /**
   * Replaces a task if its status is still `expected`. Throws
   * TaskConflictError otherwise (someone else moved it on).
   */
  updateTask(task: TaskRecord, expected: TaskStatus): Promise<void>;
  /** Removes task ids from the device's queue outside a session (cancel, expiry). */
  dequeue(deviceId: string, taskIds: readonly string[]): Promise<void>;
}

/** A CPE's credentials for authenticating to the ACS (TR-069 3.4.4). */
export interface CpeCredential {
  readonly password: string;
  /** When set, only this device may use the credential (per-device credentials). */
  readonly deviceId?: string;
}

/** Looks up the password a CPE must present (CPE -> ACS authentication). */
export interface CpeCredentialStore {
  credentialFor(username: string): Promise<CpeCredential | undefined>;
}

/** Structured logs (JSON lines in production). Never pass secrets in fields. */
export interface Logger {
  info(message: string, fields?: Readonly<Record<string, unknown>>): void;
  warn(message: string, fields?: Readonly<Record<string, unknown>>): void;
  error(message: string, fields?: Readonly<Record<string, unknown>>): void;
}
