import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  type BatchWriteRequest,
  batchWrite,
} from "../../../functions/adapters/dynamodb/batch-write.ts";
import { StoreUnavailableError } from "../../../functions/port-errors.ts";
import { type SentRequest, stubClient } from "./stub-client.ts";

const tableName = "acs-test";

function puts(count: number): BatchWriteRequest[] {
  return Array.from({ length: count }, (_, index) => ({
    PutRequest: { Item: { pk: "DEV#d", sk: `P#000001#p${index}` } },
  }));
}

function requestsOf(request: SentRequest | undefined): BatchWriteRequest[] {
  const items = request?.input.RequestItems as Record<string, BatchWriteRequest[]> | undefined;
  return items?.[tableName] ?? [];
}

describe("batchWrite", () => {
  it("splits the requests into batches of at most 25", async () => {
    // Prepare
    const { client, sent } = stubClient(() => ({}));

    // Act
    await batchWrite({ client, tableName, operation: "test" }, puts(60));

    // Assess
    assert.deepEqual(
      sent.map((command) => requestsOf(command).length),
      [25, 25, 10],
    );
  });

  it("re-sends UnprocessedItems until DynamoDB takes them all", async () => {
    // Prepare
    const requests = puts(3);
    const { client, sent } = stubClient((command, call) =>
      call === 1 ? { UnprocessedItems: { [tableName]: requestsOf(command).slice(1) } } : {},
    );

    // Act
    await batchWrite({ client, tableName, operation: "test", baseDelayMs: 1 }, requests);

    // Assess
    assert.equal(sent.length, 2);
    assert.deepEqual(requestsOf(sent[1]), requests.slice(1));
  });

  it("gives up with StoreUnavailableError after the last attempt", async () => {
    // Prepare
    const { client, sent } = stubClient((command) => ({
      UnprocessedItems: { [tableName]: requestsOf(command) },
    }));

    // Act
    const writing = batchWrite(
      { client, tableName, operation: "putParameters", maxAttempts: 3, baseDelayMs: 1 },
      puts(2),
    );

    // Assess
    await assert.rejects(writing, StoreUnavailableError);
    assert.equal(sent.length, 3);
  });

  it("sends nothing for no requests", async () => {
    // Prepare
    const { client, sent } = stubClient(() => ({}));

    // Act
    await batchWrite({ client, tableName, operation: "test" }, []);

    // Assess
    assert.equal(sent.length, 0);
  });
});
