import type { DiagnosticRecord, DiagnosticType } from "./core/diagnostics/diagnostic.ts";

/** The claim that keeps one diagnostic of a type open per device (a second one is refused, 409). */
export interface DiagnosticClaim {
  readonly deviceId: string;
  readonly type: DiagnosticType;
  readonly diagnosticId: string;
  /** The claim lapses by itself then (the diagnostic's deadline): expiry as data, no timer. */
  readonly until: number;
  readonly now: number;
}

export type DiagnosticClaimResult =
  | { readonly claimed: true }
  /** Another diagnostic of the type is open on the device. */
  | { readonly claimed: false; readonly activeId: string };

/** Diagnostics (core/diagnostics/): records, and at most one open per device and type. */
export interface DiagnosticStore {
  claimDiagnostic(claim: DiagnosticClaim): Promise<DiagnosticClaimResult>;
  /** Frees the type on the device if this diagnostic still holds it. */
  releaseDiagnostic(deviceId: string, type: DiagnosticType, diagnosticId: string): Promise<void>;
  putDiagnostic(record: DiagnosticRecord): Promise<void>;
  getDiagnostic(id: string): Promise<DiagnosticRecord | undefined>;
  /** The device's diagnostics, newest first, at most `limit`. */
  listDiagnostics(deviceId: string, limit: number): Promise<DiagnosticRecord[]>;
  /** Saves the record if the stored one is still in state `expected`; false if it moved on. */
  updateDiagnostic(record: DiagnosticRecord, expected: DiagnosticRecord["state"]): Promise<boolean>;
}
