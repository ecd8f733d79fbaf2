import { DeleteCommand, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import type { CpeCredentialAdmin } from "../../ports.ts";
import type { DynamoStoreOptions } from "./dynamo-device-store.ts";
import { translateError } from "./translate-error.ts";

/**
 * Per-device CPE credentials: pk=`CPECRED#<username>`, sk=`CRED`, holding
 * only HA1 = MD5(username:realm:password) and the device the username is
 * bound to. The password itself is never stored.
 */
const key = (username: string) => ({ pk: `CPECRED#${username}`, sk: "CRED" });

export function createDynamoCpeCredentialStore(options: DynamoStoreOptions): CpeCredentialAdmin {
  const { client, tableName } = options;
  return {
    credentialFor: async (username) => {
      try {
        const out = await client.send(new GetCommand({ TableName: tableName, Key: key(username) }));
        const item = out.Item;
        if (!item || typeof item.ha1 !== "string") return undefined;
        return { secret: { kind: "ha1-md5", ha1: item.ha1 }, deviceId: String(item.deviceId) };
      } catch (error) {
        throw translateError(error, "credentialFor");
      }
    },
    putCredential: async (username, record) => {
      try {
        await client.send(
          new PutCommand({
            TableName: tableName,
            Item: {
              ...key(username),
              ha1: record.ha1,
              deviceId: record.deviceId,
              updatedAt: record.now,
            },
          }),
        );
      } catch (error) {
        throw translateError(error, "putCredential");
      }
    },
    deleteCredential: async (username) => {
      try {
        const out = await client.send(
          new DeleteCommand({ TableName: tableName, Key: key(username), ReturnValues: "ALL_OLD" }),
        );
        return out.Attributes !== undefined;
      } catch (error) {
        throw translateError(error, "deleteCredential");
      }
    },
  };
}
