import { createFleetTally, fleetSummaryRowOf } from "../../core/fleet/fleet-summary.ts";
import type { SessionState } from "../../core/model/session-state.ts";
import { isLive } from "../../core/session/lease.ts";
import { SessionLostError } from "../../port-errors.ts";
import type { DeviceChanges, DeviceStore, SessionCloseOutcome } from "../../ports.ts";
import { queueOrder, withoutUndefined } from "../dynamodb/device-item.ts";
import { cloneData } from "./clone-data.ts";
import { createMemoryDeviceAdmin } from "./memory-device-admin.ts";
import { listMemoryDevices } from "./memory-device-listing.ts";
import { memoryOpenSession, memoryRecordOf } from "./memory-open-session.ts";
import type { MemoryDeviceRow, MemoryTable } from "./memory-table.ts";

export interface MemoryStoreOptions {
  /** Shared with the other memory stores; see createMemoryStores. */
  readonly table: MemoryTable;
  /** Key of the listing cursors' HMAC (see dynamodb/list-cursor.ts). */
  readonly cursorSecret?: string | Uint8Array;
}

/** DeviceStore on plain Maps, with the DynamoDB adapter's semantics (lease expiry is data). */
export function createMemoryDeviceStore(options: MemoryStoreOptions): DeviceStore {
  const { devices } = options.table;
  const recordOf = memoryRecordOf;

  /** The row if `session` still holds its lease record, else SessionLostError. */
  function ownRow(session: SessionState): MemoryDeviceRow {
    const row = devices.get(session.deviceId);
    if (row?.session?.id !== session.id) {
      throw new SessionLostError(session.deviceId, session.id);
    }
    return row;
  }

  /** Like the DynamoDB adapter's save: fields given replace, fields absent stay. */
  function applyChanges(row: MemoryDeviceRow, changes: DeviceChanges): void {
    const { dequeue = [], ...fields } = changes;
    for (const taskId of dequeue) row.queue.delete(taskId);
    // As the DynamoDB adapter (device-changes.ts): a write without a quiet period removes it.
    const { provisioningQuiet: _kept, ...device } = row.device;
    row.device = cloneData({ ...device, ...withoutUndefined(fields) });
  }

  return {
    openSession: (facts, session, now, openOptions = {}) =>
      Promise.resolve().then(() =>
        memoryOpenSession(options.table, { facts, session, now, options: openOptions }),
      ),

    async closeIdleSession(deviceId, sessionId, now) {
      const row = devices.get(deviceId);
      const session = row?.session;
      const idle =
        session?.id === sessionId &&
        session.exchanges === 1 &&
        session.expiresAt > now &&
        row?.queue.size === 0;
      if (!row || !idle) return false;
      row.session = undefined;
      row.device = { ...row.device, lastSessionEndedAt: now };
      return true;
    },

    async loadSession(deviceId, sessionId, now, prefetchTaskId) {
      const row = devices.get(deviceId);
      const session = row?.session;
      if (!row || !session || session.id !== sessionId || !isLive(session, now)) return undefined;
      const task =
        prefetchTaskId === undefined ? undefined : options.table.tasks.get(prefetchTaskId);
      return {
        device: recordOf(row),
        session: cloneData(session),
        ...(task?.deviceId === deviceId && { prefetchedTask: cloneData(task) }),
      };
    },

    async saveSession(session, changes) {
      const row = ownRow(session);
      applyChanges(row, changes);
      row.session = cloneData(session);
    },

    async closeSession(session, changes, now, closeOptions = {}) {
      const row = ownRow(session);
      const changed = queueChanged(row, closeOptions.queueSeen);
      if (changed) return changed;
      applyChanges(row, changes);
      row.session = undefined;
      row.device = { ...row.device, lastSessionEndedAt: now };
      return { kind: "closed" };
    },

    async getDevice(deviceId) {
      const row = devices.get(deviceId);
      return row ? recordOf(row) : undefined;
    },

    listDevices: (query) =>
      listMemoryDevices([...devices.values()].map(recordOf), query, options.cursorSecret),

    // As the DynamoDB adapter, whose budget is checked between index pages: here one page.
    async summarizeFleet(request) {
      const tally = createFleetTally(request.now);
      const spent = request.maxDevices <= 0 || request.clock.now() >= request.deadline;
      if (!spent) tally.add([...devices.values()].map((row) => fleetSummaryRowOf(recordOf(row))));
      return tally.summary(!spent);
    },
    loadFleetSummary: async () => cloneData(options.table.fleetSummary.get("summary")),
    async saveFleetSummary(summary) {
      options.table.fleetSummary.set("summary", cloneData(summary));
    },

    ...createMemoryDeviceAdmin(options.table),
  };
}

/** As the DynamoDB adapter's `queueIs` condition: the queue now, unless it is exactly `seen`. */
function queueChanged(
  row: MemoryDeviceRow,
  seen: readonly string[] | undefined,
): SessionCloseOutcome | undefined {
  if (!seen || (seen.length === row.queue.size && seen.every((id) => row.queue.has(id))))
    return undefined;
  return { kind: "queue-changed", taskQueue: queueOrder(Object.fromEntries(row.queue)) };
}
