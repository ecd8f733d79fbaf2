import assert from "node:assert/strict";
import type { DeviceRecord } from "../../../functions/core/model/device.ts";
import { deviceIdOf } from "../../../functions/core/model/device-id.ts";
import type { SessionState } from "../../../functions/core/model/session-state.ts";
import type { TaskRecord, TaskSpec } from "../../../functions/core/model/task.ts";
import type {
  DeviceStore,
  InformFacts,
  OpenedSession,
  ParameterStore,
  TaskStore,
} from "../../../functions/ports.ts";

/** What the contract needs: the three ports plus the parameter purge both adapters offer. */
export interface ContractStores {
  readonly devices: DeviceStore;
  readonly parameters: ParameterStore & {
    purgeStaleParameters(
      deviceId: string,
      keepGeneration: number,
      maxItems: number,
    ): Promise<number>;
  };
  readonly tasks: TaskStore;
}

/** Returns stores over fresh, empty storage. */
export type CreateStores = () => Promise<ContractStores>;

export const t0 = Date.UTC(2025, 0, 15, 8, 0, 0);
export const leaseMs = 30_000;

export const deviceA = deviceIdOf({
  oui: "00259E",
  productClass: "HG8245H",
  serialNumber: "48575443A1B2C3D4",
});
export const deviceB = deviceIdOf({ oui: "A0B1C2", productClass: "IGD", serialNumber: "SN-0002" });

export function informFacts(deviceId: string, overrides: Partial<InformFacts> = {}): InformFacts {
  const [oui = "", productClass = "", serialNumber = ""] = deviceId
    .split("-")
    .map(decodeURIComponent);
  return {
    deviceId,
    manufacturer: "Example Networks",
    oui,
    productClass,
    serialNumber,
    events: ["2 PERIODIC"],
    methodEvents: [],
    retryCount: 0,
    informParameters: {
      "Device.DeviceInfo.SoftwareVersion": ["V5R019C10S115", "string"],
      "Device.ManagementServer.ParameterKey": ["", "string"],
      "Device.ManagementServer.ConnectionRequestURL": ["http://192.0.2.7:7547/cr", "string"],
    },
    connectionRequestUrl: "http://192.0.2.7:7547/cr",
    bootstrap: false,
    ...overrides,
  };
}

export function sessionState(
  deviceId: string,
  id: string,
  startedAt: number,
  overrides: Partial<SessionState> = {},
): SessionState {
  return {
    id,
    deviceId,
    cwmpNamespace: "urn:dslforum-org:cwmp-1-0",
    startedAt,
    expiresAt: startedAt + leaseMs,
    phase: "cpe-requests",
    events: ["2 PERIODIC"],
    exchanges: 1,
    attemptedTaskIds: [],
    ...overrides,
  };
}

const rebootSpec: TaskSpec = { name: "reboot" };

export function taskRecord(
  deviceId: string,
  id: string,
  createdAt: number,
  overrides: Partial<TaskRecord> = {},
): TaskRecord {
  return {
    id,
    deviceId,
    spec: rebootSpec,
    status: "pending",
    createdAt,
    updatedAt: createdAt,
    expiresAt: createdAt + 7 * 24 * 3_600_000,
    attempts: 0,
    maxAttempts: 3,
    ...overrides,
  };
}

/** A device that has informed once (and whose session is closed), ready for tasks. */
export async function registerDevice(
  stores: ContractStores,
  deviceId: string,
  now = t0,
): Promise<void> {
  const session = sessionState(deviceId, `register-${deviceId}`, now);
  await stores.devices.openSession(informFacts(deviceId, { bootstrap: true }), session, now);
  await stores.devices.closeSession(session, {}, now + 1);
}

export function byName<T extends { name: string }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** The device an openSession recorded; fails the test when the Inform left the record as it was. */
export function recorded(opened: OpenedSession): DeviceRecord {
  assert.ok(opened.device, `expected the Inform to be recorded, got "${opened.inform}"`);
  return opened.device;
}
