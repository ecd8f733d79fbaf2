import assert from "node:assert/strict";
import { createServer } from "node:net";
import { after, before, describe, it } from "node:test";
import {
  DynamoServiceError,
  DynamoUnreachableError,
} from "../../../functions/adapters/dynamodb/errors.ts";
import {
  countRequests,
  createDynamoDeviceStore,
  createDynamoTaskStore,
  StoreRequestRejectedError,
} from "../../../functions/adapters/dynamodb/index.ts";
import { SessionBusyError, StoreUnavailableError } from "../../../functions/port-errors.ts";
import { type LocalDynamo, localDynamoClients, startDynalite } from "../../support/dynalite.ts";
import { deviceA, informFacts, sessionState, t0, taskRecord } from "../store-contract/fixtures.ts";
import { commandNames, stubClient } from "./stub-client.ts";

/** A loopback port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

describe("DynamoDB adapters: failure paths", () => {
  describe("openSession on a busy device (ReturnValuesOnConditionCheckFailure)", () => {
    it("takes retryAfterMs from the item DynamoDB returns with the failure, without a read", async () => {
      // Prepare
      const failure = new DynamoServiceError(
        "ConditionalCheckFailedException",
        400,
        "The conditional request failed",
        { session: { M: { id: { S: "s1" }, expiresAt: { N: String(t0 + 25_000) } } } },
      );
      const { client, sent } = stubClient(() => {
        throw failure;
      });
      const devices = createDynamoDeviceStore({ client, tableName: "acs-test" });

      // Act
      const opening = devices.openSession(
        informFacts(deviceA),
        sessionState(deviceA, "s2", t0),
        t0,
      );

      // Assess
      await assert.rejects(opening, (error: unknown) => {
        assert.ok(error instanceof SessionBusyError);
        assert.equal(error.retryAfterMs, 25_000);
        return true;
      });
      assert.deepEqual(commandNames(sent), ["UpdateItem"]);
    });
  });

  describe("createTask when the enqueue fails", () => {
    it("deletes the task item again and reports the store as unavailable", async () => {
      // Prepare
      const { client, sent } = stubClient(({ operation }) => {
        if (operation === "UpdateItem") {
          throw new DynamoServiceError("ProvisionedThroughputExceededException", 400, "slow down");
        }
        return {};
      });
      const tasks = createDynamoTaskStore({ client, tableName: "acs-test" });

      // Act
      const creating = tasks.createTask(taskRecord(deviceA, "task-1", t0));

      // Assess
      await assert.rejects(creating, (error: unknown) => {
        assert.ok(error instanceof StoreUnavailableError);
        assert.ok(error.cause instanceof DynamoServiceError);
        assert.equal(error.cause.code, "ProvisionedThroughputExceededException");
        return true;
      });
      assert.deepEqual(commandNames(sent), ["PutItem", "UpdateItem", "DeleteItem"]);
    });
  });

  describe("unreachable endpoint", () => {
    it("throws StoreUnavailableError with the transport error as cause, after the retries", async () => {
      // Prepare
      const endpoint = `http://127.0.0.1:${await closedPort()}`;
      const { client, rawClient } = localDynamoClients(endpoint, {
        maxAttempts: 2,
        baseDelayMs: 1,
      });
      const counter = countRequests(client);
      const devices = createDynamoDeviceStore({ client, tableName: "acs-test" });

      // Act
      const reading = devices.getDevice(deviceA);

      // Assess
      await assert.rejects(reading, (error: unknown) => {
        assert.ok(error instanceof StoreUnavailableError);
        assert.ok(error.cause instanceof DynamoUnreachableError);
        assert.ok(error.cause.cause instanceof Error);
        return true;
      });
      assert.deepEqual(counter.counts(), { BatchGetItem: 2 });
      rawClient.destroy();
    });
  });

  describe("request DynamoDB refuses", () => {
    let dynamo: LocalDynamo | undefined;

    before(async () => {
      dynamo = await startDynalite();
    });

    after(async () => {
      await dynamo?.stop();
    });

    it("throws StoreRequestRejectedError naming the operation and code for a missing table", async () => {
      // Prepare
      const devices = createDynamoDeviceStore({
        client: dynamo?.client ?? assert.fail("no dynalite"),
        tableName: "no-such-table",
      });

      // Act
      const reading = devices.getDevice(deviceA);

      // Assess
      await assert.rejects(reading, (error: unknown) => {
        assert.ok(error instanceof StoreRequestRejectedError);
        assert.equal(error.operation, "getDevice");
        assert.equal(error.code, "ResourceNotFoundException");
        return true;
      });
    });
  });
});
