import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createDynamoCpeCredentialStore } from "../../../functions/adapters/dynamodb/dynamo-cpe-credential-store.ts";
import {
  countRequests,
  createDynamoDeviceStore,
  createDynamoParameterStore,
  createDynamoTaskStore,
} from "../../../functions/adapters/dynamodb/index.ts";
import { SharedCredentialRefusedError } from "../../../functions/port-errors.ts";
import { dynaliteForSuite } from "../../support/dynalite.ts";
import { cpeAuthContract } from "../store-contract/cpe-auth-contract.ts";
import { deviceA, informFacts, sessionState, t0 } from "../store-contract/fixtures.ts";
import { storeContract } from "../store-contract/store-contract.ts";
import { taskClaimContract } from "../store-contract/task-claim-contract.ts";

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
  taskClaimContract(freshStores);
  cpeAuthContract(freshStores);

  describe("request budget", () => {
    it("spends 2 requests on a periodic session with no pending work: open, idle close", async () => {
      // Prepare
      const stores = await freshStores();
      const first = sessionState(deviceA, "s0", t0);
      await stores.devices.openSession(informFacts(deviceA, { bootstrap: true }), first, t0);
      await stores.devices.closeSession(first, {}, t0 + 10);
      const counter = countRequests(dynalite.dynamo().client);
      const now = t0 + 86_400_000;
      const session = sessionState(deviceA, "s1", now);

      // Act
      const opened = await stores.devices.openSession(informFacts(deviceA), session, now);
      const closed = await stores.devices.closeIdleSession(deviceA, "s1", now + 40);
      counter.detach();

      // Assess
      assert.equal(opened.inform, "unchanged");
      assert.equal(closed, true);
      assert.deepEqual(counter.counts(), { UpdateItem: 2 });
    });
  });

  describe("a device recorded before the lease item", () => {
    /** The single item an earlier version wrote: lease, queue and credential mark on META. */
    async function legacyDevice(queue: Record<string, number>, ownCredential?: string) {
      const options = await dynalite.freshTable();
      const stores = {
        devices: createDynamoDeviceStore(options),
        parameters: createDynamoParameterStore(options),
        tasks: createDynamoTaskStore(options),
        credentials: createDynamoCpeCredentialStore(options),
      };
      await stores.devices.openSession(
        informFacts(deviceA, { bootstrap: true }),
        sessionState(deviceA, "s0", t0),
        t0,
      );
      const lease = { pk: `DEV#${deviceA}`, sk: "LEASE" };
      const meta = { pk: `DEV#${deviceA}`, sk: "META" };
      const legacy = (
        await options.client.send("GetItem", { TableName: options.tableName, Key: meta })
      ).Item as Record<string, unknown>;
      await options.client.send("PutItem", {
        TableName: options.tableName,
        Item: {
          ...legacy,
          taskQueue: queue,
          ...(ownCredential && { ownCredential }),
          session: sessionState(deviceA, "old", t0),
        },
      });
      await options.client.send("DeleteItem", { TableName: options.tableName, Key: lease });
      return { stores, options };
    }

    it("moves its queue to the lease item at its next Inform, losing no task", async () => {
      // Prepare
      const { stores } = await legacyDevice({ "task-1": t0 + 1, "task-2": t0 + 2 });
      const now = t0 + 86_400_000;

      // Act
      const opened = await stores.devices.openSession(
        informFacts(deviceA),
        sessionState(deviceA, "s1", now),
        now,
      );
      await stores.tasks.dequeue(deviceA, ["task-1"]);

      // Assess
      assert.equal(opened.inform, "recorded");
      assert.equal(opened.pending.queuedTasks, 2);
      assert.deepEqual((await stores.devices.getDevice(deviceA))?.taskQueue, ["task-2"]);
    });

    it("refuses the shared credential when the record says the device has its own", async () => {
      // Prepare
      const { stores } = await legacyDevice({}, "cpe-own");

      // Act
      const opening = stores.devices.openSession(
        informFacts(deviceA),
        sessionState(deviceA, "s1", t0 + 86_400_000),
        t0 + 86_400_000,
        { sharedCredential: true },
      );

      // Assess
      await assert.rejects(opening, SharedCredentialRefusedError);
      assert.equal(await stores.devices.loadSession(deviceA, "s1", t0 + 86_400_001), undefined);
    });
  });
});
