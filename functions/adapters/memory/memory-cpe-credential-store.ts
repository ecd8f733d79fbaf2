import type { CpeCredentialAdmin } from "../../ports.ts";
import type { MemoryTable } from "./memory-table.ts";

/** CpeCredentialAdmin on the memory table, with the DynamoDB adapter's device marks. */
export function createMemoryCpeCredentialStore(table: MemoryTable): CpeCredentialAdmin {
  const unmark = (deviceId: string, username: string) => {
    if (table.ownCredentials.get(deviceId) === username) table.ownCredentials.delete(deviceId);
  };
  return {
    credentialFor: async (username) => {
      const record = table.cpeCredentials.get(username);
      if (!record) return undefined;
      const { md5, sha256, deviceId } = record;
      return { secret: { kind: "ha1", md5, ...(sha256 !== undefined && { sha256 }) }, deviceId };
    },
    putCredential: async (username, record) => {
      table.ownCredentials.set(record.deviceId, username);
      const before = table.cpeCredentials.get(username);
      table.cpeCredentials.set(username, { ...record.ha1, deviceId: record.deviceId });
      if (before && before.deviceId !== record.deviceId) unmark(before.deviceId, username);
    },
    deleteCredential: async (username) => {
      const before = table.cpeCredentials.get(username);
      if (!before) return false;
      table.cpeCredentials.delete(username);
      unmark(before.deviceId, username);
      return true;
    },
  };
}
