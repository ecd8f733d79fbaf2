import type { CampaignRecord } from "../../core/model/campaign.ts";
import { CampaignConflictError } from "../../port-errors.ts";
import type { CampaignStore } from "../../ports.ts";
import {
  campaignSortKey,
  decodeCampaignCursor,
  encodeCampaignCursor,
  statusesToList,
} from "../dynamodb/campaign-list-cursor.ts";
import { cloneData } from "./clone-data.ts";

/** CampaignStore on a Map, with the DynamoDB adapter's optimistic versioning and listing order. */
export function createMemoryCampaignStore(
  options: { readonly campaigns?: Map<string, CampaignRecord> } = {},
): CampaignStore {
  const campaigns = options.campaigns ?? new Map<string, CampaignRecord>();
  const ofStatus = (status: CampaignRecord["status"]) =>
    [...campaigns.values()]
      .filter((c) => c.status === status)
      .sort((a, b) => (campaignSortKey(a) < campaignSortKey(b) ? -1 : 1));
  return {
    createCampaign: async (campaign) => {
      if (campaigns.has(campaign.id)) throw new CampaignConflictError(campaign.id);
      campaigns.set(campaign.id, cloneData(campaign));
    },
    saveCampaign: async (campaign) => {
      if (campaigns.get(campaign.id)?.version !== campaign.version - 1)
        throw new CampaignConflictError(campaign.id);
      campaigns.set(campaign.id, cloneData(campaign));
    },
    getCampaign: async (id) => {
      const found = campaigns.get(id);
      return found && cloneData(found);
    },
    listRunning: async () => ofStatus("running").map(cloneData),
    listCampaigns: async (query) => {
      const from =
        query.cursor === undefined ? undefined : decodeCampaignCursor(query.cursor, query.status);
      const listed = statusesToList(query.status, from).flatMap((status) =>
        ofStatus(status).filter((c) => from?.status !== status || campaignSortKey(c) > from.after),
      );
      const page = listed.slice(0, query.limit);
      const last = page.at(-1);
      return {
        campaigns: page.map(cloneData),
        ...(listed.length > query.limit &&
          last && {
            cursor: encodeCampaignCursor({ status: last.status, after: campaignSortKey(last) }),
          }),
      };
    },
  };
}
