import type { CampaignRecord, CampaignStatus } from "../../core/model/campaign.ts";
import { CampaignConflictError } from "../../port-errors.ts";
import type { CampaignPage, CampaignQuery, CampaignStore } from "../../ports.ts";
import {
  campaignSortKey,
  decodeCampaignCursor,
  encodeCampaignCursor,
  statusesToList,
} from "./campaign-list-cursor.ts";
import { itemExists, itemIsNew } from "./conditions.ts";
import type { DynamoStoreOptions } from "./dynamo-device-store.ts";
import { type Condition, expressionBuilder } from "./expression-builder.ts";
import { recordFromItem, storedRecord } from "./parse-item.ts";
import { createTableClient } from "./table-client.ts";

/**
 * Campaign items: pk=`CAMPAIGN#<id>`, sk=`CAMPAIGN`, the CampaignRecord at the top level. Every
 * campaign is listed in gsi1 under its status, gsi1pk=`CAMPAIGNS#<status>`,
 * gsi1sk=`<createdAt>#<id>`: the runner Queries `CAMPAIGNS#running` only, the API one status or
 * each in turn (never a Scan). Saves are conditional on the version read (optimistic).
 */
const key = (id: string) => ({ pk: `CAMPAIGN#${id}`, sk: "CAMPAIGN" });
const partition = (status: CampaignStatus) => `CAMPAIGNS#${status}`;

function item(campaign: CampaignRecord) {
  return {
    ...campaign,
    ...key(campaign.id),
    gsi1pk: partition(campaign.status),
    gsi1sk: campaignSortKey(campaign),
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

  /** Up to `limit` index rows of one status after `after`, oldest first. */
  async function rowsOf(status: CampaignStatus, after: string | undefined, limit?: number) {
    const query = expressionBuilder().keyCondition(
      (e) =>
        `${e.name("gsi1pk")} = ${e.value(partition(status))}` +
        (after === undefined ? "" : ` AND ${e.name("gsi1sk")} > ${e.value(after)}`),
    );
    const rows = await table.query(
      { index: "gsi1", expression: query, ...(limit !== undefined && { limit }) },
      "listCampaigns",
    );
    return rows.map((row) => ({
      status,
      sortKey: String(row.gsi1sk),
      key: { pk: String(row.pk), sk: String(row.sk) },
    }));
  }

  /**
   * The campaigns of `rows`, in their order, that are still in the status their row lists them
   * under. gsi1 is eventually consistent: a campaign read (consistently) after its status changed
   * is left out here, and its new row lists it under its new status. So a listing of one status
   * holds only that status, and a listing of every status never shows a campaign twice.
   */
  async function read(rows: Awaited<ReturnType<typeof rowsOf>>) {
    const found = await table.batchGet(
      rows.map((row) => row.key),
      "listCampaigns",
    );
    const byPk = new Map(found.map((entry) => [String(entry.pk), entry]));
    return rows.flatMap((row) => {
      const entry = byPk.get(row.key.pk);
      const campaign = entry && recordFromItem(campaignRecord, entry);
      return campaign?.status === row.status ? [campaign] : [];
    });
  }

  async function listCampaigns(query: CampaignQuery): Promise<CampaignPage> {
    const from =
      query.cursor === undefined ? undefined : decodeCampaignCursor(query.cursor, query.status);
    const rows: Awaited<ReturnType<typeof rowsOf>> = [];
    for (const status of statusesToList(query.status, from)) {
      const after = from?.status === status ? from.after : undefined;
      rows.push(...(await rowsOf(status, after, query.limit + 1 - rows.length)));
      if (rows.length > query.limit) break;
    }
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    const campaigns = await read(page);
    return {
      campaigns,
      ...(rows.length > query.limit &&
        last && { cursor: encodeCampaignCursor({ status: last.status, after: last.sortKey }) }),
    };
  }

  return {
    createCampaign: (campaign) => put(campaign, itemIsNew),
    saveCampaign: (campaign) =>
      put(campaign, itemExists, (e) => `${e.name("version")} = ${e.value(campaign.version - 1)}`),
    getCampaign: async (id) => {
      const found = await table.get(key(id), "getCampaign");
      return found ? recordFromItem(campaignRecord, found) : undefined;
    },
    listCampaigns,
    listRunning: async () => read(await rowsOf("running", undefined)),
  };
}
