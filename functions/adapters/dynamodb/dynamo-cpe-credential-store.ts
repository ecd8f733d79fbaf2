import type { CpeCredentialAdmin } from "../../ports.ts";
import type { DynamoStoreOptions } from "./dynamo-device-store.ts";
import { expressionBuilder } from "./expression-builder.ts";
import { deviceKey, leaseKey } from "./item-layout.ts";
import { createTableClient, type TableClient } from "./table-client.ts";

/**
 * Per-device CPE credentials: pk=`CPECRED#<username>`, sk=`CRED`, holding only HA1 for MD5
 * (`ha1`) and SHA-256 (`ha1Sha256`; absent on records written before SHA-256 was offered) and
 * the device the username is bound to. The password itself is never stored.
 *
 * The bound device's lease item carries `ownCredential` = the username, so the Inform's conditional
 * write can refuse the shared credential for it without another read. The mark is written
 * first: if the second write fails the device refuses the shared credential and has no own one
 * yet (the PUT answers 5xx and is retried), which fails closed.
 */
const key = (username: string) => ({ pk: `CPECRED#${username}`, sk: "CRED" });

export function createDynamoCpeCredentialStore(options: DynamoStoreOptions): CpeCredentialAdmin {
  const table = createTableClient(options);
  return {
    credentialFor: async (username) => {
      // Eventually consistent, as it always was: half the read cost on every authentication.
      const item = await table.get(key(username), "credentialFor", { consistent: false });
      if (!item || typeof item.ha1 !== "string") return undefined;
      const sha256 = typeof item.ha1Sha256 === "string" ? item.ha1Sha256 : undefined;
      return {
        secret: { kind: "ha1", md5: item.ha1, ...(sha256 !== undefined && { sha256 }) },
        deviceId: String(item.deviceId),
      };
    },
    putCredential: async (username, record) => {
      await markDevice(table, record.deviceId, username);
      const update = expressionBuilder()
        .set("ha1", record.ha1.md5)
        .set("ha1Sha256", record.ha1.sha256)
        .set("deviceId", record.deviceId)
        .set("updatedAt", record.now);
      const result = await table.update(
        { key: key(username), expression: update, returnOld: true },
        "putCredential",
      );
      const before = result.written ? result.old?.deviceId : undefined;
      if (typeof before === "string" && before !== record.deviceId) {
        await unmarkDevice(table, before, username);
      }
    },
    deleteCredential: async (username) => {
      const result = await table.delete(
        { key: key(username), returnOld: true },
        "deleteCredential",
      );
      const deviceId = result.written ? result.old?.deviceId : undefined;
      if (typeof deviceId === "string") await unmarkDevice(table, deviceId, username);
      return result.written && result.old !== undefined;
    },
  };
}

/**
 * Marks the device's lease item (lease-item.ts), creating it if absent (a mark-only item until
 * the first Inform fills it): the Inform's lease write checks the mark in its condition.
 */
async function markDevice(table: TableClient, deviceId: string, username: string): Promise<void> {
  const update = expressionBuilder().set("ownCredential", username);
  await table.update({ key: leaseKey(deviceId), expression: update }, "putCredential");
}

/**
 * Removes the mark if it still names this username (another may have been provisioned since),
 * from the lease item and from a device item marked before the lease item existed.
 */
async function unmarkDevice(table: TableClient, deviceId: string, username: string): Promise<void> {
  for (const key of [leaseKey(deviceId), deviceKey(deviceId)]) {
    const update = expressionBuilder()
      .remove("ownCredential")
      .condition((e) => `${e.name("ownCredential")} = ${e.value(username)}`);
    await table.update({ key, expression: update }, "deleteCredential");
  }
}
