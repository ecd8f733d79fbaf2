import { describe } from "node:test";
import { createMemoryCampaignStore } from "../../../functions/adapters/memory/memory-campaign-store.ts";
import { campaignStoreContract } from "../store-contract/campaign-store-contract.ts";

describe("memory campaign store", () => {
  campaignStoreContract(async () => createMemoryCampaignStore());
});
