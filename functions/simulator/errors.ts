/**
 * Typed failures of the CPE simulator. A `CpeFaultError` is a CWMP fault the
 * simulated device answers with (TR-069 A.5.1, 9000-9899); the others are why
 * a session with the ACS failed (TR-069 3.2.1.1: the CPE then backs off).
 */
import type { SetParameterValuesFaultEntry } from "../core/cwmp/index.ts";

/** TR-069 A.5.1 fault strings of the CPE faults the simulator produces. */
export const cpeFaultStrings = {
  9000: "Method not supported",
  9001: "Request denied",
  9002: "Internal error",
  9003: "Invalid arguments",
  9004: "Resources exceeded",
  9005: "Invalid parameter name",
  9006: "Invalid parameter type",
  9007: "Invalid parameter value",
  9008: "Attempt to set a non-writable parameter",
  9009: "Notification request rejected",
  9010: "Download failure",
  9011: "Upload failure",
  9012: "File transfer server authentication failure",
  9013: "Unsupported protocol for file transfer",
  9015: "Download failure: unable to contact file server",
  9016: "Download failure: unable to access file",
  9017: "Download failure: unable to complete download",
  9018: "Download failure: file corrupted",
  9021: "Cancelation of file transfer not permitted in current transfer state",
  9022: "Invalid UUID Format",
  9026: "Duplicate Deployment Unit",
  9028: "Unknown Deployment Unit",
} as const;

export type CpeFaultCode = keyof typeof cpeFaultStrings;

/**
 * The device refuses an RPC with a CWMP fault (SPV faults list each bad parameter), or a
 * transfer failed with the FaultStruct its TransferComplete reports (TR-069 A.3.3.2).
 */
export class CpeFaultError extends Error {
  override readonly name = "CpeFaultError";
  readonly faultCode: CpeFaultCode;
  readonly entries: readonly SetParameterValuesFaultEntry[];

  constructor(
    faultCode: CpeFaultCode,
    detail?: string,
    entries: readonly SetParameterValuesFaultEntry[] = [],
    options?: { cause?: unknown },
  ) {
    super(
      detail === undefined
        ? cpeFaultStrings[faultCode]
        : `${cpeFaultStrings[faultCode]}: ${detail}`,
      options,
    );
    this.faultCode = faultCode;
    this.entries = entries;
  }
}

/** The ACS could not be reached, or the connection broke mid-exchange. */
export class AcsUnreachableError extends Error {
  override readonly name = "AcsUnreachableError";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The ACS answered with an HTTP status the session cannot continue after. */
export class AcsHttpStatusError extends Error {
  override readonly name = "AcsHttpStatusError";
  constructor(readonly status: number) {
    super(`ACS answered HTTP ${status}`);
  }
}

/** HTTP 503: the ACS is overloaded; come back after Retry-After seconds if given. */
export class AcsBusyError extends Error {
  override readonly name = "AcsBusyError";
  constructor(readonly retryAfterSec: number | undefined) {
    super(`ACS busy (503), retry after ${retryAfterSec ?? "back-off"} s`);
  }
}

/** The ACS kept refusing our credentials, or offered no scheme we can answer. */
export class AcsAuthenticationError extends Error {
  override readonly name = "AcsAuthenticationError";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The ACS answered something that breaks the session flow of TR-069 3.7 (or a fault). */
export class AcsProtocolError extends Error {
  override readonly name = "AcsProtocolError";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** A session took longer than the configured bound. */
export class SessionTimeoutError extends Error {
  override readonly name = "SessionTimeoutError";
  constructor(readonly timeoutMs: number) {
    super(`session did not finish within ${timeoutMs} ms`);
  }
}

/**
 * A simulated loss: the device treats the InformResponse it received as lost and hangs up,
 * so it must send the Inform again with RetryCount + 1 (TR-069 3.2.1.1, A.3.3.1).
 */
export class InformResponseLostError extends Error {
  override readonly name = "InformResponseLostError";
  constructor() {
    super("InformResponse treated as lost (simulated)");
  }
}

/** A command-line flag is missing or malformed. */
export class CliArgumentError extends Error {
  override readonly name = "CliArgumentError";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
