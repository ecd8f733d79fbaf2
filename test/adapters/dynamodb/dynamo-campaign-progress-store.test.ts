import { after, before, describe } from "node:test";
import { createDynamoCampaignProgressStore } from "../../../functions/adapters/dynamodb/dynamo-campaign-progress-store.ts";
import { createDynamoCampaignStore } from "../../../functions/adapters/dynamodb/dynamo-campaign-store.ts";
import { type LocalDynamo, startDynalite } from "../../support/dynalite.ts";
import { campaignProgressContract } from "../store-contract/campaign-progress-contract.ts";

describe("DynamoDB campaign progress store (dynalite)", () => {
  let dynamo: LocalDynamo | undefined;
  let tables = 0;

  before(async () => {
    dynamo = await startDynalite();
  });

  after(async () => {
    await dynamo?.stop();
  });

  campaignProgressContract(async () => {
    if (!dynamo) throw new Error("dynalite did not start");
    tables += 1;
    const tableName = await dynamo.createTable(`acs-progress-${tables}`);
    const store = { client: dynamo.client, tableName };
    return {
      campaigns: createDynamoCampaignStore(store),
      progress: createDynamoCampaignProgressStore(store),
    };
  });
});
