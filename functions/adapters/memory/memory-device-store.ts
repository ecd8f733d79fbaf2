import { isLaterDigestUse } from "../../core/auth/digest-use.ts";
import { createFleetTally, fleetSummaryRowOf } from "../../core/fleet/fleet-summary.ts";
import type { DeviceRecord } from "../../core/model/device.ts";
import type { SessionState } from "../../core/model/session-state.ts";
import { isLive, remainingMs } from "../../core/session/lease.ts";
import {
  DigestReplayError,
  SessionBusyError,
  SessionLostError,
  SharedCredentialRefusedError,
} from "../../port-errors.ts";
import type { DeviceChanges, DeviceStore } from "../../ports.ts";
import { queueOrder, withoutUndefined } from "../dynamodb/device-item.ts";
import { informed } from "../dynamodb/open-session-update.ts";
import { cloneData } from "./clone-data.ts";
import { createMemoryDeviceAdmin } from "./memory-device-admin.ts";
import { listMemoryDevices } from "./memory-device-listing.ts";
import type { MemoryDeviceRow, MemoryTable } from "./memory-table.ts";

export interface MemoryStoreOptions {
  /** Shared with the other memory stores; see createMemoryStores. */
  readonly table: MemoryTable;
  /** Key of the listing cursors' HMAC (see dynamodb/list-cursor.ts). */
  readonly cursorSecret?: string | Uint8Array;
}

/** DeviceStore on plain Maps, with the DynamoDB adapter's semantics (lease expiry is data). */
export function createMemoryDeviceStore(options: MemoryStoreOptions): DeviceStore {
  const { devices, ownCredentials, digestUses } = options.table;

  const recordOf = (row: MemoryDeviceRow): DeviceRecord =>
    cloneData({
      ...row.device,
      taskQueue: queueOrder(Object.fromEntries(row.queue)),
      ...(row.session && { sessionExpiresAt: row.session.expiresAt }),
    });

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
    row.device = cloneData({ ...row.device, ...withoutUndefined(fields) });
  }

  return {
    async openSession(facts, session, now, options = {}) {
      const row = devices.get(facts.deviceId);
      const held = row?.session;
      // Checked in the order the DynamoDB adapter names a refused write (open-session-refusal.ts).
      if (options.sharedCredential && ownCredentials.has(facts.deviceId)) {
        throw new SharedCredentialRefusedError(facts.deviceId);
      }
      const lastUse = digestUses.get(facts.deviceId);
      if (options.digest && !isLaterDigestUse(lastUse, options.digest)) {
        throw new DigestReplayError(facts.deviceId);
      }
      if (!options.supersede && isLive(held, now)) {
        throw new SessionBusyError(facts.deviceId, remainingMs(held, now));
      }
      if (options.digest) digestUses.set(facts.deviceId, { ...options.digest });
      const previous = row ? recordOf(row) : undefined;
      const next: MemoryDeviceRow = {
        device: cloneData(informed(row?.device, facts, now)),
        queue: new Map(row?.queue),
        session: cloneData(session),
      };
      devices.set(facts.deviceId, next);
      return { previous, device: recordOf(next), ...(held && { abandoned: cloneData(held) }) };
    },

    async loadSession(deviceId, sessionId, now) {
      const row = devices.get(deviceId);
      const session = row?.session;
      if (!row || !session || session.id !== sessionId || !isLive(session, now)) return undefined;
      return { device: recordOf(row), session: cloneData(session) };
    },

    async saveSession(session, changes) {
      const row = ownRow(session);
      applyChanges(row, changes);
      row.session = cloneData(session);
    },

    async closeSession(session, changes, now) {
      const row = ownRow(session);
      applyChanges(row, changes);
      row.session = undefined;
      row.device = { ...row.device, lastSessionEndedAt: now };
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
