import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { countRequests } from "../../../functions/adapters/dynamodb/count-requests.ts";
import { dynaliteForSuite } from "../../support/dynalite.ts";

/** 1.5 KB of attribute value: DynamoDB sizes an item by its names and values (UTF-8 bytes). */
const blob = "x".repeat(1536);
const key = (pk: string) => ({ pk, sk: "item" });

describe("countRequests with consumed capacity (dynalite)", () => {
  const dynalite = dynaliteForSuite("acs-units");

  it("sums 2 write units for a 1.5 KB put, 1 for a consistent read of it and 0.5 for an eventually consistent one", async () => {
    // Prepare
    const { client, tableName } = await dynalite.freshTable();
    const counter = countRequests(dynalite.dynamo().client, { consumedCapacity: true });

    // Act
    await client.send("PutItem", { TableName: tableName, Item: { ...key("a"), blob } });
    const afterPut = counter.units();
    await client.send("GetItem", { TableName: tableName, Key: key("a"), ConsistentRead: true });
    const afterConsistent = counter.units();
    await client.send("GetItem", { TableName: tableName, Key: key("a") });
    counter.detach();

    // Assess
    assert.deepEqual(afterPut, { read: 0, write: 2 });
    assert.deepEqual(afterConsistent, { read: 1, write: 2 });
    assert.deepEqual(counter.units(), { read: 1.5, write: 2 });
    assert.deepEqual(counter.unitsByOperation(), {
      PutItem: { read: 0, write: 2 },
      GetItem: { read: 1.5, write: 0 },
    });
    assert.deepEqual(counter.counts(), { PutItem: 1, GetItem: 2 });
  });

  it("charges an update by the larger of the old and the new item", async () => {
    // Prepare
    const { client, tableName } = await dynalite.freshTable();
    await client.send("PutItem", { TableName: tableName, Item: { ...key("a"), blob } });
    const counter = countRequests(dynalite.dynamo().client, { consumedCapacity: true });

    // Act
    await client.send("UpdateItem", {
      TableName: tableName,
      Key: key("a"),
      UpdateExpression: "REMOVE #blob",
      ExpressionAttributeNames: { "#blob": "blob" },
    });
    await client.send("UpdateItem", {
      TableName: tableName,
      Key: key("a"),
      UpdateExpression: "SET #n = :n",
      ExpressionAttributeNames: { "#n": "n" },
      ExpressionAttributeValues: { ":n": 1 },
    });
    counter.detach();

    // Assess: 1.5 KB before the first update (2), a few bytes on both sides of the second (1).
    assert.deepEqual(counter.units(), { read: 0, write: 3 });
  });

  it("sums the per-table array of the batch operations", async () => {
    // Prepare
    const { client, tableName } = await dynalite.freshTable();
    const counter = countRequests(dynalite.dynamo().client, { consumedCapacity: true });

    // Act
    await client.send("BatchWriteItem", {
      RequestItems: {
        [tableName]: ["a", "b", "c"].map((pk) => ({
          PutRequest: { Item: { ...key(pk), blob } },
        })),
      },
    });
    await client.send("BatchGetItem", {
      RequestItems: { [tableName]: { Keys: ["a", "b"].map(key), ConsistentRead: true } },
    });
    counter.detach();

    // Assess: three items of 2 write units; two consistent reads of one unit each (each item rounded up on its own).
    assert.deepEqual(counter.unitsByOperation(), {
      BatchWriteItem: { read: 0, write: 6 },
      BatchGetItem: { read: 2, write: 0 },
    });
  });

  it("leaves requests alone and reports no units when told not to ask", async () => {
    // Prepare
    const { client, tableName } = await dynalite.freshTable();
    const counter = countRequests(dynalite.dynamo().client, { consumedCapacity: false });

    // Act
    const put = await client.send("PutItem", { TableName: tableName, Item: { ...key("a"), blob } });
    counter.detach();

    // Assess
    assert.equal(put.ConsumedCapacity, undefined);
    assert.deepEqual(counter.units(), { read: 0, write: 0 });
    assert.deepEqual(counter.counts(), { PutItem: 1 });
  });

  it("asks for consumed capacity by default", async () => {
    // Prepare
    const { client, tableName } = await dynalite.freshTable();
    const counter = countRequests(dynalite.dynamo().client);

    // Act
    await client.send("PutItem", { TableName: tableName, Item: { ...key("a"), blob } });
    counter.detach();

    // Assess
    assert.deepEqual(counter.units(), { read: 0, write: 2 });
  });

  it("computes the units of a write whose condition failed, which the error does not report", async () => {
    // Prepare: dynalite returns no item with the failure, so the documented minimum applies.
    const { client, tableName } = await dynalite.freshTable();
    await client.send("PutItem", { TableName: tableName, Item: { ...key("a"), blob } });
    const counter = countRequests(dynalite.dynamo().client, { consumedCapacity: true });

    // Act
    const failed = await client
      .send("PutItem", {
        TableName: tableName,
        Item: { ...key("a"), blob },
        ConditionExpression: "attribute_not_exists(pk)",
        ReturnValuesOnConditionCheckFailure: "ALL_OLD",
      })
      .then(
        () => undefined,
        (error: { code?: string }) => error.code,
      );
    counter.detach();

    // Assess
    assert.equal(failed, "ConditionalCheckFailedException");
    assert.deepEqual(counter.unitsByOperation(), { PutItem: { read: 0, write: 1 } });
    assert.deepEqual(counter.counts(), { PutItem: 1 });
  });

  it("stops asking for capacity once detached", async () => {
    // Prepare
    const { client, tableName } = await dynalite.freshTable();
    countRequests(dynalite.dynamo().client, { consumedCapacity: true }).detach();

    // Act
    const put = await client.send("PutItem", { TableName: tableName, Item: { ...key("a"), blob } });

    // Assess
    assert.equal(put.ConsumedCapacity, undefined);
  });
});
