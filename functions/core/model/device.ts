import type { XsdType } from "../cwmp/xsd-type.ts";

/** One parameter as the ACS believes it: value, type, when learned, writability. */
export interface StoredParameter {
  readonly name: string;
  /** Absent for object paths (names ending in ".") learned from GetParameterNames. */
  readonly value?: string;
  readonly type?: XsdType;
  /** Epoch ms when the value (or name) was learned from the device. */
  readonly learnedAt: number;
  /** From GetParameterNamesResponse, when known. */
  readonly writable?: boolean;
}

/** How the last connection request went (filled by the sender, issue 4). */
export interface ConnectionRequestStatus {
  readonly at: number;
  readonly method: "xmpp" | "http" | "none";
  readonly outcome: string;
  readonly latencyMs?: number;
  readonly detail?: string;
}

/** The device registry entry (everything but its parameters, which are stored apart). */
export interface DeviceRecord {
  readonly id: string;
  readonly manufacturer: string;
  readonly oui: string;
  readonly productClass: string;
  readonly serialNumber: string;
  readonly firstInformAt: number;
  readonly lastInformAt: number;
  readonly lastEvents: readonly string[];
  readonly connectionRequestUrl?: string;
  readonly connReqJabberId?: string;
  readonly tags: readonly string[];
  /** Values of the forced Inform parameters as last reported (name -> [value, type]). */
  readonly informParameters: Readonly<Record<string, readonly [string, XsdType]>>;
  /**
   * Parameter generation: bumped on 0 BOOTSTRAP so every stored parameter of
   * older generations counts as forgotten at once (TR-069 3.7.1.5).
   */
  readonly parameterGeneration: number;
  /** Task ids waiting for the next session, oldest first. */
  readonly taskQueue: readonly string[];
  readonly lastConnectionRequest?: ConnectionRequestStatus;
  /** When the last session ended (used to skip redundant connection requests). */
  readonly lastSessionEndedAt?: number;
  /**
   * End of the current session's lease, when a session holds one (it may
   * have expired already: compare with the clock). Read-only for callers.
   */
  readonly sessionExpiresAt?: number;
}
