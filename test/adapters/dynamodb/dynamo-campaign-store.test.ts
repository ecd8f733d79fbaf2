import { after, before, describe } from "node:test";
import { createDynamoCampaignStore } from "../../../functions/adapters/dynamodb/dynamo-campaign-store.ts";
import { type LocalDynamo, startDynalite } from "../../support/dynalite.ts";
import { campaignStoreContract } from "../store-contract/campaign-store-contract.ts";

describe("DynamoDB campaign store (dynalite)", () => {
  let dynamo: LocalDynamo | undefined;
  let tables = 0;

  before(async () => {
    dynamo = await startDynalite();
  });

  after(async () => {
    await dynamo?.stop();
  });

  campaignStoreContract(async () => {
    if (!dynamo) throw new Error("dynalite did not start");
    tables += 1;
    const tableName = await dynamo.createTable(`acs-campaigns-${tables}`);
    return createDynamoCampaignStore({ client: dynamo.client, tableName });
  });
});
