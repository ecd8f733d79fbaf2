import type { DigestUse } from "../../core/auth/digest-use.ts";
import type { FleetSummary } from "../../core/fleet/fleet-summary.ts";
import type { DeviceRecord, StoredParameter } from "../../core/model/device.ts";
import type { SessionState } from "../../core/model/session-state.ts";
import type { TaskRecord } from "../../core/model/task.ts";
import type { IdempotencyBinding } from "../../ports.ts";

/** A device as the memory store keeps it: the queue as id -> sequence, like the device item. */
export interface MemoryDeviceRow {
  device: Omit<DeviceRecord, "taskQueue">;
  /** taskId -> sequence (createdAt); FIFO order is by sequence, then id. */
  readonly queue: Map<string, number>;
  session?: SessionState;
  /** The digest of the last recorded Inform's facts (core/session/inform-digest.ts). */
  informDigest?: string;
}

/** The state shared by the three memory stores (one instance per test, never module-level). */
export interface MemoryTable {
  readonly devices: Map<string, MemoryDeviceRow>;
  /** deviceId -> generation -> name -> parameter. */
  readonly parameters: Map<string, Map<number, Map<string, StoredParameter>>>;
  readonly tasks: Map<string, TaskRecord>;
  /** JSON [deviceId, key] -> the Idempotency-Key binding (expiry is data, as in DynamoDB). */
  readonly idempotency: Map<string, MemoryIdempotencyBinding>;
  /**
   * What the DynamoDB device item carries besides the record (it may exist before the first
   * Inform): deviceId -> the device's own CPE username, and -> the last accepted digest answer.
   */
  readonly ownCredentials: Map<string, string>;
  readonly digestUses: Map<string, DigestUse>;
  /** Per-device CPE credentials by username (CPECRED# items). */
  readonly cpeCredentials: Map<string, MemoryCpeCredential>;
  /** The fleet summary snapshot (the FLEET/SUMMARY item), under the key "summary". */
  readonly fleetSummary: Map<"summary", FleetSummary>;
}

export interface MemoryCpeCredential {
  readonly md5: string;
  readonly sha256?: string;
  readonly deviceId: string;
}

export interface MemoryIdempotencyBinding extends IdempotencyBinding {
  readonly expiresAt: number;
}

export function createMemoryTable(): MemoryTable {
  return {
    devices: new Map(),
    parameters: new Map(),
    tasks: new Map(),
    idempotency: new Map(),
    ownCredentials: new Map(),
    digestUses: new Map(),
    cpeCredentials: new Map(),
    fleetSummary: new Map(),
  };
}
