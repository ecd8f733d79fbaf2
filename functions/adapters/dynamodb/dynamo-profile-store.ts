import type { Profile } from "../../core/provisioning/profile.ts";
import type { ProfileStore } from "../../ports.ts";
import type { DynamoStoreOptions } from "./dynamo-device-store.ts";
import { expressionBuilder } from "./expression-builder.ts";
import { recordFromItem, storedRecord } from "./parse-item.ts";
import { createTableClient } from "./table-client.ts";

/**
 * Profiles: pk=`PROFILE#<name>`, sk=`PROFILE`, the Profile at the top
 * level; all listed through gsi1 `PROFILES` (few items, read whole).
 */
const key = (name: string) => ({ pk: `PROFILE#${name}`, sk: "PROFILE" });
const listPartition = "PROFILES";

/** The API validated the profile when it was put; the store relies on its name. */
const profileRecord = storedRecord<Profile>(
  "a profile with a name",
  (profile) => typeof profile.name === "string",
);

export function createDynamoProfileStore(options: DynamoStoreOptions): ProfileStore {
  const table = createTableClient(options);
  return {
    putProfile: async (profile) => {
      await table.put(
        {
          item: { ...profile, ...key(profile.name), gsi1pk: listPartition, gsi1sk: profile.name },
        },
        "putProfile",
      );
    },
    getProfile: async (name) => {
      const item = await table.get(key(name), "getProfile");
      return item ? recordFromItem(profileRecord, item) : undefined;
    },
    deleteProfile: async (name) => {
      const result = await table.delete({ key: key(name), returnOld: true }, "deleteProfile");
      return result.written && result.old !== undefined;
    },
    listProfiles: async () => {
      const query = expressionBuilder().keyCondition(
        (e) => `${e.name("gsi1pk")} = ${e.value(listPartition)}`,
      );
      const rows = await table.query({ index: "gsi1", expression: query }, "listProfiles");
      return rows.map((row) => String(row.gsi1sk));
    },
  };
}
