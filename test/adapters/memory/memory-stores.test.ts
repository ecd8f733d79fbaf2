import { describe } from "node:test";
import {
  createMemoryCpeCredentialStore,
  createMemoryStores,
} from "../../../functions/adapters/memory/index.ts";
import { cpeAuthContract } from "../store-contract/cpe-auth-contract.ts";
import { storeContract } from "../store-contract/store-contract.ts";
import { taskClaimContract } from "../store-contract/task-claim-contract.ts";

describe("memory stores", () => {
  storeContract(async () => createMemoryStores());
  taskClaimContract(async () => createMemoryStores());
  cpeAuthContract(async () => {
    const stores = createMemoryStores();
    return { devices: stores.devices, credentials: createMemoryCpeCredentialStore(stores.table) };
  });
});
