import type { CampaignRecord } from "../../core/model/campaign.ts";
import { CampaignConflictError } from "../../port-errors.ts";
import type { CampaignStore } from "../../ports.ts";
import { itemExists, itemIsNew } from "./conditions.ts";
import type { DynamoStoreOptions } from "./dynamo-device-store.ts";
import { type Condition, expressionBuilder } from "./expression-builder.ts";
import { recordFromItem, storedRecord } from "./parse-item.ts";
import { createTableClient } from "./table-client.ts";

/**
 * Campaign items: pk=`CAMPAIGN#<id>`, sk=`CAMPAIGN`, the CampaignRecord at
 * the top level. While running, gsi1pk=`CAMPAIGNS#running` and
 * gsi1sk=`<createdAt>#<id>` list it (a sparse index entry removed on
 * completion). Saves are conditional on the version read (optimistic).
 */
const runningPartition = "CAMPAIGNS#running";

const key = (id: string) => ({ pk: `CAMPAIGN#${id}`, sk: "CAMPAIGN" });

function item(campaign: CampaignRecord) {
  return {
    ...campaign,
    ...key(campaign.id),
    ...(campaign.status === "running" && {
      gsi1pk: runningPartition,
      gsi1sk: `${String(campaign.createdAt).padStart(15, "0")}#${campaign.id}`,
    }),
  };
}

/** The store relies on these fields (keys, listing order, optimistic versioning). */
const campaignRecord = storedRecord<CampaignRecord>(
  "a campaign with id, status, createdAt and version",
  (campaign) =>
    typeof campaign.id === "string" &&
    typeof campaign.status === "string" &&
    typeof campaign.createdAt === "number" &&
    typeof campaign.version === "number",
);

export function createDynamoCampaignStore(options: DynamoStoreOptions): CampaignStore {
  const table = createTableClient(options);

  async function put(campaign: CampaignRecord, ...conditions: Condition[]) {
    const expression = expressionBuilder();
    for (const condition of conditions) expression.condition(condition);
    const result = await table.put({ item: item(campaign), expression }, "saveCampaign");
    if (!result.written) throw new CampaignConflictError(campaign.id);
  }

  return {
    createCampaign: (campaign) => put(campaign, itemIsNew),
    saveCampaign: (campaign) =>
      put(campaign, itemExists, (e) => `${e.name("version")} = ${e.value(campaign.version - 1)}`),
    getCampaign: async (id) => {
      const found = await table.get(key(id), "getCampaign");
      return found ? recordFromItem(campaignRecord, found) : undefined;
    },
    listRunning: async () => {
      const query = expressionBuilder().keyCondition(
        (e) => `${e.name("gsi1pk")} = ${e.value(runningPartition)}`,
      );
      const rows = await table.query({ index: "gsi1", expression: query }, "listRunning");
      const keys = rows.map((row) => ({ pk: String(row.pk), sk: String(row.sk) }));
      const campaigns = (await table.batchGet(keys, "listRunning")).map((found) =>
        recordFromItem(campaignRecord, found),
      );
      return campaigns
        .filter((c) => c.status === "running")
        .sort((a, b) => a.createdAt - b.createdAt);
    },
  };
}
