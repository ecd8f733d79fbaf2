import type { CpeCredentialAdmin } from "../../ports.ts";
import type { DynamoStoreOptions } from "./dynamo-device-store.ts";
import { createTableClient } from "./table-client.ts";

/**
 * Per-device CPE credentials: pk=`CPECRED#<username>`, sk=`CRED`, holding
 * only HA1 = MD5(username:realm:password) and the device the username is
 * bound to. The password itself is never stored.
 */
const key = (username: string) => ({ pk: `CPECRED#${username}`, sk: "CRED" });

export function createDynamoCpeCredentialStore(options: DynamoStoreOptions): CpeCredentialAdmin {
  const table = createTableClient(options);
  return {
    credentialFor: async (username) => {
      // Eventually consistent, as it always was: half the read cost on every authentication.
      const item = await table.get(key(username), "credentialFor", { consistent: false });
      if (!item || typeof item.ha1 !== "string") return undefined;
      return { secret: { kind: "ha1-md5", ha1: item.ha1 }, deviceId: String(item.deviceId) };
    },
    putCredential: async (username, record) => {
      await table.put(
        {
          item: {
            ...key(username),
            ha1: record.ha1,
            deviceId: record.deviceId,
            updatedAt: record.now,
          },
        },
        "putCredential",
      );
    },
    deleteCredential: async (username) => {
      const result = await table.delete(
        { key: key(username), returnOld: true },
        "deleteCredential",
      );
      return result.written && result.old !== undefined;
    },
  };
}
