import assert from "node:assert/strict";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { DynamoDBDocumentClient, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { countRequests } from "../../../functions/adapters/dynamodb/count-requests.ts";
import {
  DynamoServiceError,
  StoreRequestRejectedError,
} from "../../../functions/adapters/dynamodb/errors.ts";
import { translateError } from "../../../functions/adapters/dynamodb/translate-error.ts";
import { localDynamoClients } from "../../../functions/local/start-dynalite.ts";
import { StoreUnavailableError } from "../../../functions/port-errors.ts";
import { dynaliteForSuite } from "../../support/dynalite.ts";

interface Answer {
  readonly status: number;
  readonly body: object;
}

/** A loopback stand-in for DynamoDB answering each request with the next scripted answer. */
async function scriptedDynamo(answers: readonly Answer[]) {
  const received: { target: string; body: Record<string, unknown> }[] = [];
  const server = createServer(async (request: IncomingMessage, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    received.push({
      target: String(request.headers["x-amz-target"]),
      body: JSON.parse(Buffer.concat(chunks).toString()),
    });
    const answer = answers[Math.min(received.length, answers.length) - 1] ?? answers[0];
    response.writeHead(answer?.status ?? 500, { "content-type": "application/x-amz-json-1.0" });
    response.end(JSON.stringify(answer?.body ?? {}));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const { client } = localDynamoClients(`http://127.0.0.1:${port}`, {
    maxAttempts: 3,
    baseDelayMs: 1,
  });
  return {
    client,
    received,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const throttled: Answer = {
  status: 400,
  body: {
    __type: "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException",
    message: "slow down",
  },
};

describe("createDynamoCaller over the wire", () => {
  it("retries a 5xx answer and returns the next one, unmarshalled, counting both attempts", async () => {
    // Prepare
    const dynamo = await scriptedDynamo([
      { status: 500, body: { __type: "InternalServerError" } },
      { status: 200, body: { Item: { pk: { S: "DEV#d" }, n: { N: "42" } } } },
    ]);
    const counter = countRequests(dynamo.client, { consumedCapacity: false });

    // Act
    const output = await dynamo.client.send("GetItem", { TableName: "t", Key: { pk: "DEV#d" } });
    await dynamo.close();

    // Assess
    assert.deepEqual(output.Item, { pk: "DEV#d", n: 42 });
    assert.deepEqual(counter.counts(), { GetItem: 2 });
    assert.equal(dynamo.received[0]?.target, "DynamoDB_20120810.GetItem");
    assert.deepEqual(dynamo.received[0]?.body.Key, { pk: { S: "DEV#d" } });
  });

  it("gives up on throttling after maxAttempts with the code stripped of its namespace", async () => {
    // Prepare
    const dynamo = await scriptedDynamo([throttled]);

    // Act
    const failure = await dynamo.client
      .send("UpdateItem", { TableName: "t", Key: { pk: "x" } })
      .then(() => undefined, translateErrorOf("saveSession"));
    await dynamo.close();

    // Assess
    assert.ok(failure instanceof StoreUnavailableError);
    assert.ok(failure.cause instanceof DynamoServiceError);
    assert.equal(failure.cause.code, "ProvisionedThroughputExceededException");
    assert.equal(dynamo.received.length, 3);
  });

  it("does not retry a validation error, which becomes StoreRequestRejectedError", async () => {
    // Prepare
    const dynamo = await scriptedDynamo([
      {
        status: 400,
        body: { __type: "com.amazon.coral.validate#ValidationException", message: "bad" },
      },
    ]);

    // Act
    const failure = await dynamo.client
      .send("Query", { TableName: "t" })
      .then(() => undefined, translateErrorOf("listDevices"));
    await dynamo.close();

    // Assess
    assert.ok(failure instanceof StoreRequestRejectedError);
    assert.equal(failure.code, "ValidationException");
    assert.equal(dynamo.received.length, 1);
  });

  it("keeps the item a failed condition returns, in the wire form, on the error", async () => {
    // Prepare
    const item = { pk: { S: "DEV#d" }, session: { M: { id: { S: "s1" } } } };
    const dynamo = await scriptedDynamo([
      {
        status: 400,
        body: {
          __type: "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException",
          message: "The conditional request failed",
          Item: item,
        },
      },
    ]);

    // Act
    const failure = await dynamo.client
      .send("PutItem", { TableName: "t", Item: { pk: "DEV#d" } })
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    await dynamo.close();

    // Assess
    assert.ok(failure instanceof DynamoServiceError);
    assert.equal(failure.code, "ConditionalCheckFailedException");
    assert.deepEqual(failure.item, item);
    assert.equal(dynamo.received.length, 1);
  });
});

describe("createDynamoCaller's marshalling, against the SDK's DocumentClient (dynalite)", () => {
  const dynalite = dynaliteForSuite("acs-caller");
  let sdk: DynamoDBDocumentClient | undefined;
  before(() => {
    sdk = DynamoDBDocumentClient.from(dynalite.dynamo().rawClient, {
      marshallOptions: { removeUndefinedValues: true },
    });
  });
  after(() => sdk?.destroy());

  /** The shapes the stores write (nested maps, lists, numbers, Booleans, null, empty strings) and binary. */
  const item = {
    pk: "DEV#d",
    sk: "META",
    count: 12,
    ratio: 0.25,
    negative: -3,
    live: true,
    off: false,
    none: null,
    empty: "",
    gone: undefined,
    tags: ["lab", "", 7],
    session: {
      id: "s1",
      expiresAt: 1_700_000_000_000,
      nested: { deep: [{ a: 1 }], skip: undefined },
    },
    emptyMap: {},
    emptyList: [],
    bytes: new Uint8Array([0, 1, 254, 255]),
    nestedBytes: { b: new Uint8Array([7]) },
  };
  const expected = { ...item, session: { ...item.session, nested: { deep: [{ a: 1 }] } } };
  delete (expected as { gone?: unknown }).gone;

  it("writes what the DocumentClient reads back unchanged", async () => {
    // Prepare
    const { client, tableName } = await dynalite.freshTable();

    // Act
    await client.send("PutItem", { TableName: tableName, Item: item });
    const read = await sdk?.send(
      new GetCommand({ TableName: tableName, Key: { pk: "DEV#d", sk: "META" } }),
    );

    // Assess
    assert.deepEqual(read?.Item, expected);
  });

  it("reads what the DocumentClient writes as the DocumentClient does", async () => {
    // Prepare
    const { client, tableName } = await dynalite.freshTable();
    await sdk?.send(new PutCommand({ TableName: tableName, Item: item }));

    // Act
    const read = await client.send("GetItem", {
      TableName: tableName,
      Key: { pk: "DEV#d", sk: "META" },
    });
    const bySdk = await sdk?.send(
      new GetCommand({ TableName: tableName, Key: { pk: "DEV#d", sk: "META" } }),
    );

    // Assess
    assert.deepEqual(read.Item, bySdk?.Item);
    assert.deepEqual(read.Item, expected);
  });
});

function translateErrorOf(operation: string) {
  return (error: unknown) => translateError(error, operation);
}
