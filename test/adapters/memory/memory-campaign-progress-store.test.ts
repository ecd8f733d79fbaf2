import { describe } from "node:test";
import { createMemoryCampaignProgressStore } from "../../../functions/adapters/memory/memory-campaign-progress-store.ts";
import { createMemoryCampaignStore } from "../../../functions/adapters/memory/memory-campaign-store.ts";
import { campaignProgressContract } from "../store-contract/campaign-progress-contract.ts";

describe("memory campaign progress store", () => {
  campaignProgressContract(async () => {
    const campaigns = createMemoryCampaignStore();
    return { campaigns, progress: createMemoryCampaignProgressStore({ campaigns }) };
  });
});
