import type { CampaignRecord } from "../../core/model/campaign.ts";
import { CampaignConflictError } from "../../port-errors.ts";
import type { CampaignStore } from "../../ports.ts";
import { cloneData } from "./clone-data.ts";

/** CampaignStore on a Map, with the DynamoDB adapter's optimistic versioning. */
export function createMemoryCampaignStore(
  options: { readonly campaigns?: Map<string, CampaignRecord> } = {},
): CampaignStore {
  const campaigns = options.campaigns ?? new Map<string, CampaignRecord>();
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
    listRunning: async () =>
      [...campaigns.values()]
        .filter((c) => c.status === "running")
        .sort((a, b) => a.createdAt - b.createdAt)
        .map(cloneData),
  };
}
