/** Typed failures the ports may throw; services translate them at the boundary. */

/** Another session of this device holds the lease (TR-069 3.7: one session at a time). */
export class SessionBusyError extends Error {
  override readonly name = "SessionBusyError";
  constructor(
    readonly deviceId: string,
    /** How long until the current lease expires. */
    readonly retryAfterMs: number,
  ) {
    super(`device ${deviceId} is in another session`);
  }
}

/** The session being saved is no longer the device's live session (expired or replaced). */
export class SessionLostError extends Error {
  override readonly name = "SessionLostError";
  constructor(
    readonly deviceId: string,
    readonly sessionId: string,
    options?: { cause?: unknown },
  ) {
    super(`session ${sessionId} of device ${deviceId} is no longer live`, options);
  }
}

export class DeviceNotFoundError extends Error {
  override readonly name = "DeviceNotFoundError";
  constructor(readonly deviceId: string) {
    super(`device ${deviceId} not found`);
  }
}

/** A task changed status under us (e.g. cancelled while its RPC was in flight). */
export class TaskConflictError extends Error {
  override readonly name = "TaskConflictError";
  constructor(
    readonly taskId: string,
    readonly expected: string,
    options?: { cause?: unknown },
  ) {
    super(`task ${taskId} is no longer ${expected}`, options);
  }
}

/** The store itself failed (throttling, network); the request may be retried. */
export class StoreUnavailableError extends Error {
  override readonly name = "StoreUnavailableError";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** A list cursor that this store did not issue (or that was altered). */
export class InvalidCursorError extends Error {
  override readonly name = "InvalidCursorError";
  constructor(options?: { cause?: unknown }) {
    super("invalid cursor", options);
  }
}

/** A campaign was saved by someone else since it was read. */
export class CampaignConflictError extends Error {
  override readonly name = "CampaignConflictError";
  constructor(readonly campaignId: string) {
    super(`campaign ${campaignId} changed meanwhile`);
  }
}

/** A file record is not in the state the write expected (id taken, or no longer pending). */
export class FileConflictError extends Error {
  override readonly name = "FileConflictError";
  constructor(
    readonly fileId: string,
    readonly expected: "absent" | "pending-upload",
  ) {
    super(`file ${fileId} is not ${expected}`);
  }
}

/** A sealed secret does not open: another key, another device or field, or tampered with. */
export class SecretUnreadableError extends Error {
  override readonly name = "SecretUnreadableError";
  constructor(
    readonly context: string,
    options?: { cause?: unknown },
  ) {
    super(`sealed secret for ${context} cannot be opened`, options);
  }
}

/**
 * The digest answer that authenticated an Inform is not later than the last one the device
 * used (core/auth/digest-use.ts): a replayed Authorization (RFC 7616 section 5.5).
 */
export class DigestReplayError extends Error {
  override readonly name = "DigestReplayError";
  constructor(readonly deviceId: string) {
    super(`digest answer already used for device ${deviceId}`);
  }
}

/** The shared CPE credential was used for a device that has its own (TR-069 3.4.4). */
export class SharedCredentialRefusedError extends Error {
  override readonly name = "SharedCredentialRefusedError";
  constructor(readonly deviceId: string) {
    super(`device ${deviceId} has its own credential; the shared one is refused`);
  }
}
