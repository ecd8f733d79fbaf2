import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createDynamoCpeCredentialStore } from "../../../functions/adapters/dynamodb/dynamo-cpe-credential-store.ts";
import {
  countRequests,
  createDynamoDeviceStore,
  createDynamoParameterStore,
  createDynamoTaskStore,
} from "../../../functions/adapters/dynamodb/index.ts";
import { dynaliteForSuite } from "../../support/dynalite.ts";
import { cpeAuthContract } from "../store-contract/cpe-auth-contract.ts";
import { deviceA, informFacts, sessionState, t0 } from "../store-contract/fixtures.ts";
import { storeContract } from "../store-contract/store-contract.ts";

describe("DynamoDB stores (dynalite)", () => {
  const dynalite = dynaliteForSuite("acs-contract");

  /** Stores over a table of their own, so every test starts empty. */
  async function freshStores() {
    const options = await dynalite.freshTable();
    return {
      devices: createDynamoDeviceStore(options),
      parameters: createDynamoParameterStore(options),
      tasks: createDynamoTaskStore(options),
      credentials: createDynamoCpeCredentialStore(options),
    };
  }

  storeContract(freshStores);
  cpeAuthContract(freshStores);

  describe("request budget", () => {
    it("spends exactly 3 requests on a periodic session with no pending work", async () => {
      // Prepare
      const stores = await freshStores();
      const first = sessionState(deviceA, "s0", t0);
      await stores.devices.openSession(informFacts(deviceA, { bootstrap: true }), first, t0);
      await stores.devices.closeSession(first, {}, t0 + 10);
      const counter = countRequests(dynalite.dynamo().rawClient);
      const now = t0 + 86_400_000;
      const session = sessionState(deviceA, "s1", now);

      // Act
      await stores.devices.openSession(informFacts(deviceA), session, now);
      const loaded = await stores.devices.loadSession(deviceA, "s1", now + 20);
      await stores.devices.closeSession(session, {}, now + 40);
      counter.detach();

      // Assess
      assert.equal(loaded?.device.taskQueue.length, 0);
      assert.deepEqual(counter.counts(), { UpdateItem: 2, GetItem: 1 });
      assert.equal(counter.total(), 3);
    });
  });
});
