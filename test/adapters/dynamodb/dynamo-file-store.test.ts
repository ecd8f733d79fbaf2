import { after, before, describe } from "node:test";
import { createDynamoFileStore } from "../../../functions/adapters/dynamodb/dynamo-file-store.ts";
import { type LocalDynamo, startDynalite } from "../../support/dynalite.ts";
import { fileStoreContract } from "../store-contract/file-store-contract.ts";

describe("DynamoDB file store (dynalite)", () => {
  let dynamo: LocalDynamo | undefined;
  let tables = 0;

  before(async () => {
    dynamo = await startDynalite();
  });

  after(async () => {
    await dynamo?.stop();
  });

  fileStoreContract(async () => {
    if (!dynamo) throw new Error("dynalite did not start");
    tables += 1;
    const tableName = await dynamo.createTable(`acs-files-${tables}`);
    return createDynamoFileStore({ client: dynamo.client, tableName });
  });
});
