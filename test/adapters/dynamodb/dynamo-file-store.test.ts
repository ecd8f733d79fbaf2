import { describe } from "node:test";
import { createDynamoFileStore } from "../../../functions/adapters/dynamodb/dynamo-file-store.ts";
import { dynaliteForSuite } from "../../support/dynalite.ts";
import { fileStoreContract } from "../store-contract/file-store-contract.ts";

describe("DynamoDB file store (dynalite)", () => {
  const dynalite = dynaliteForSuite("acs-files");

  fileStoreContract(async () => createDynamoFileStore(await dynalite.freshTable()));
});
