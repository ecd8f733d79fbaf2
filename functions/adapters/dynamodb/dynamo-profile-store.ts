import { DeleteCommand, GetCommand, PutCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import type { Profile } from "../../core/provisioning/profile.ts";
import type { ProfileStore } from "../../ports.ts";
import type { DynamoStoreOptions } from "./dynamo-device-store.ts";
import { translateError } from "./translate-error.ts";

/**
 * Profiles: pk=`PROFILE#<name>`, sk=`PROFILE`, the Profile at the top
 * level; all listed through gsi1 `PROFILES` (few items, read whole).
 */
const key = (name: string) => ({ pk: `PROFILE#${name}`, sk: "PROFILE" });

function strip(item: Record<string, unknown>): Profile {
  const { pk: _pk, sk: _sk, gsi1pk: _g1, gsi1sk: _g2, ...profile } = item;
  return profile as unknown as Profile;
}

export function createDynamoProfileStore(options: DynamoStoreOptions): ProfileStore {
  const { client, tableName } = options;
  const run = async <T>(operation: string, work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      throw translateError(error, operation);
    }
  };
  return {
    putProfile: (profile) =>
      run("putProfile", async () => {
        await client.send(
          new PutCommand({
            TableName: tableName,
            Item: { ...profile, ...key(profile.name), gsi1pk: "PROFILES", gsi1sk: profile.name },
          }),
        );
      }),
    getProfile: (name) =>
      run("getProfile", async () => {
        const out = await client.send(
          new GetCommand({ TableName: tableName, Key: key(name), ConsistentRead: true }),
        );
        return out.Item ? strip(out.Item) : undefined;
      }),
    deleteProfile: (name) =>
      run("deleteProfile", async () => {
        const out = await client.send(
          new DeleteCommand({ TableName: tableName, Key: key(name), ReturnValues: "ALL_OLD" }),
        );
        return out.Attributes !== undefined;
      }),
    listProfiles: () =>
      run("listProfiles", async () => {
        const names: string[] = [];
        let start: Record<string, unknown> | undefined;
        do {
          const page = await client.send(
            new QueryCommand({
              TableName: tableName,
              IndexName: "gsi1",
              KeyConditionExpression: "#g = :profiles",
              ExpressionAttributeNames: { "#g": "gsi1pk" },
              ExpressionAttributeValues: { ":profiles": "PROFILES" },
              ExclusiveStartKey: start,
            }),
          );
          for (const item of page.Items ?? []) names.push(String(item.gsi1sk));
          start = page.LastEvaluatedKey;
        } while (start);
        return names;
      }),
  };
}
