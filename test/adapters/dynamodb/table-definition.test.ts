import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { CreateTableCommand, DescribeTableCommand } from "@aws-sdk/client-dynamodb";
import { App } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { ensureTable, tableDefinition } from "../../../functions/adapters/dynamodb/index.ts";
import { TableIndexMissingError } from "../../../functions/adapters/dynamodb/table-definition.ts";
import { DataStack } from "../../../lib/data-stack.ts";
import { type LocalDynamo, startDynalite } from "../../support/dynalite.ts";

interface KeyElement {
  AttributeName?: string;
  KeyType?: string;
}

const keys = (schema: readonly KeyElement[] | undefined) =>
  (schema ?? []).map((key) => `${key.AttributeName}:${key.KeyType}`);

describe("tableDefinition", () => {
  it("matches the table lib/data-stack.ts deploys (keys, attribute types, gsi1)", () => {
    // Prepare
    const template = Template.fromStack(new DataStack(new App(), "Data"));
    const [table] = Object.values(template.findResources("AWS::DynamoDB::GlobalTable"));
    const deployed = table?.Properties;

    // Act
    const local = tableDefinition("acs-test");

    // Assess
    assert.deepEqual(keys(local.KeySchema), keys(deployed.KeySchema));
    assert.deepEqual(
      new Set(local.AttributeDefinitions?.map((a) => `${a.AttributeName}:${a.AttributeType}`)),
      new Set(
        deployed.AttributeDefinitions.map(
          (a: { AttributeName: string; AttributeType: string }) =>
            `${a.AttributeName}:${a.AttributeType}`,
        ),
      ),
    );
    const deployedIndexes = deployed.GlobalSecondaryIndexes.map(
      (index: {
        IndexName: string;
        KeySchema: KeyElement[];
        Projection: { ProjectionType: string };
      }) => [index.IndexName, keys(index.KeySchema), index.Projection.ProjectionType],
    );
    assert.deepEqual(
      local.GlobalSecondaryIndexes?.map((index) => [
        index.IndexName,
        keys(index.KeySchema),
        index.Projection?.ProjectionType,
      ]),
      deployedIndexes,
    );
    assert.equal(deployed.TimeToLiveSpecification.AttributeName, "ttl");
  });
});

describe("ensureTable", () => {
  let dynamo: LocalDynamo | undefined;

  before(async () => {
    dynamo = await startDynalite();
  });

  after(async () => {
    await dynamo?.stop();
  });

  it("creates a missing table, then leaves an existing one alone", async () => {
    // Prepare
    const client = dynamo?.rawClient ?? assert.fail("no dynalite");

    // Act
    await ensureTable(client, "acs-ensure", { pollMs: 5 });
    await ensureTable(client, "acs-ensure", { pollMs: 5 });

    // Assess
    const { Table } = await client.send(new DescribeTableCommand({ TableName: "acs-ensure" }));
    assert.equal(Table?.TableStatus, "ACTIVE");
    assert.deepEqual(keys(Table?.KeySchema), ["pk:HASH", "sk:RANGE"]);
    assert.equal(Table?.GlobalSecondaryIndexes?.[0]?.IndexName, "gsi1");
  });

  it("refuses a table made without an index the code reads, naming the index", async () => {
    // Prepare: the table as an older version made it, gsi1 only
    const client = dynamo?.rawClient ?? assert.fail("no dynalite");
    const current = tableDefinition("acs-older");
    await client.send(
      new CreateTableCommand({
        ...current,
        AttributeDefinitions: current.AttributeDefinitions?.filter(
          (attribute) => !attribute.AttributeName?.startsWith("gsi2"),
        ),
        GlobalSecondaryIndexes: current.GlobalSecondaryIndexes?.filter(
          (index) => index.IndexName === "gsi1",
        ),
      }),
    );

    // Act
    const failure = await ensureTable(client, "acs-older", { pollMs: 5 }).then(
      () => undefined,
      (error: unknown) => error,
    );

    // Assess
    assert.ok(failure instanceof TableIndexMissingError, String(failure));
    assert.deepEqual(failure.missing, ["gsi2"]);
  });
});
