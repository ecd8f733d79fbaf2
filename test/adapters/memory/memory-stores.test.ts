import { describe } from "node:test";
import { createMemoryStores } from "../../../functions/adapters/memory/index.ts";
import { storeContract } from "../store-contract/store-contract.ts";

describe("memory stores", () => {
  storeContract(async () => createMemoryStores());
});
