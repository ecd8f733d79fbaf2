import { describe } from "node:test";
import { createDynamoCampaignProgressStore } from "../../../functions/adapters/dynamodb/dynamo-campaign-progress-store.ts";
import { createDynamoCampaignStore } from "../../../functions/adapters/dynamodb/dynamo-campaign-store.ts";
import { dynaliteForSuite } from "../../support/dynalite.ts";
import { campaignProgressContract } from "../store-contract/campaign-progress-contract.ts";

describe("DynamoDB campaign progress store (dynalite)", () => {
  const dynalite = dynaliteForSuite("acs-progress");

  campaignProgressContract(async () => {
    const store = await dynalite.freshTable();
    return {
      campaigns: createDynamoCampaignStore(store),
      progress: createDynamoCampaignProgressStore(store),
    };
  });
});
