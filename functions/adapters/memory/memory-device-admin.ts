import { isLive, remainingMs } from "../../core/session/lease.ts";
import { DeviceNotFoundError, SessionBusyError } from "../../port-errors.ts";
import type { DeviceStore } from "../../ports.ts";
import { cloneData } from "./clone-data.ts";
import type { MemoryDeviceRow, MemoryTable } from "./memory-table.ts";

type DeviceAdmin = Pick<
  DeviceStore,
  "recordConnectionRequest" | "recordXmppAccount" | "recordStunBinding" | "deleteDevice" | "setTag"
>;

/** The writes outside sessions (the sender's records, the API's tags and removal) on the memory rows. */
export function createMemoryDeviceAdmin(table: MemoryTable): DeviceAdmin {
  const { devices, parameters } = table;

  function existing(deviceId: string): MemoryDeviceRow {
    const row = devices.get(deviceId);
    if (!row) throw new DeviceNotFoundError(deviceId);
    return row;
  }

  return {
    async recordConnectionRequest(deviceId, status) {
      const row = existing(deviceId);
      row.device = { ...row.device, lastConnectionRequest: cloneData(status) };
    },

    async recordXmppAccount(deviceId, status) {
      const row = existing(deviceId);
      row.device = { ...row.device, xmppAccount: cloneData(status) };
    },

    async recordStunBinding(deviceId, binding) {
      const row = existing(deviceId);
      row.device = { ...row.device, stunBinding: cloneData(binding) };
    },

    async deleteDevice(deviceId, now) {
      const live = existing(deviceId).session;
      if (isLive(live, now)) throw new SessionBusyError(deviceId, remainingMs(live, now));
      // Tasks stay, as in the DynamoDB adapter (the API service cancels them).
      parameters.delete(deviceId);
      devices.delete(deviceId);
      // As the DynamoDB item goes: the replay record with it; the own-credential mark stays.
      table.digestUses.delete(deviceId);
    },

    async setTag(deviceId, tag, present) {
      const row = existing(deviceId);
      const { tags } = row.device;
      // Appended at the end, like list_append in the DynamoDB adapter; never twice.
      let next = tags.filter((stored) => stored !== tag);
      if (present) next = tags.includes(tag) ? [...tags] : [...tags, tag];
      // A tag may be a profile's precondition: the profiles' quiet period ends (idle-at-inform.ts).
      const { provisioningQuiet: _ended, ...device } = row.device;
      row.device = { ...device, tags: next };
    },
  };
}
