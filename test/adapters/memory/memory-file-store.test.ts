import { describe } from "node:test";
import { createMemoryFileStore } from "../../../functions/adapters/memory/memory-file-store.ts";
import { fileStoreContract } from "../store-contract/file-store-contract.ts";

describe("memory file store", () => {
  fileStoreContract(async () => createMemoryFileStore());
});
