import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  DynamoServiceError,
  StoreRequestRejectedError,
} from "../../../functions/adapters/dynamodb/errors.ts";
import { expressionBuilder } from "../../../functions/adapters/dynamodb/expression-builder.ts";
import { createTableClient } from "../../../functions/adapters/dynamodb/table-client.ts";
import { StoreUnavailableError } from "../../../functions/port-errors.ts";
import { commandNames, stubClient } from "./stub-client.ts";

const tableName = "acs-test";
const key = { pk: "DEV#d", sk: "META" };

describe("createTableClient", () => {
  describe("update", () => {
    it("sends the built expression and returns the item before when asked", async () => {
      // Prepare
      const { client, sent } = stubClient(() => ({ Attributes: { pk: "DEV#d", tags: ["a"] } }));
      const table = createTableClient({ client, tableName });
      const expression = expressionBuilder().set("tags", ["a", "b"]);

      // Act
      const result = await table.update({ key, expression, returnOld: true }, "setTag");

      // Assess
      assert.deepEqual(result, { written: true, old: { pk: "DEV#d", tags: ["a"] } });
      assert.equal(sent[0]?.operation, "UpdateItem");
      const input = sent[0]?.input ?? {};
      assert.equal(input.TableName, tableName);
      assert.equal(input.UpdateExpression, "SET #tags = :v0");
      assert.equal(input.ReturnValues, "ALL_OLD");
    });

    it("answers a failed condition with the current item, converted from the wire format", async () => {
      // Prepare
      const { client } = stubClient(() => {
        throw new DynamoServiceError(
          "ConditionalCheckFailedException",
          400,
          "The conditional request failed",
          {
            session: { M: { id: { S: "s1" }, expiresAt: { N: "1500" } } },
            tags: { L: [{ S: "lab" }] },
            live: { BOOL: true },
          },
        );
      });
      const table = createTableClient({ client, tableName });
      const expression = expressionBuilder()
        .set("x", 1)
        .condition((e) => `${e.name("y")} = ${e.value(2)}`);

      // Act
      const result = await table.update({ key, expression, returnCurrentOnFailure: true }, "op");

      // Assess
      assert.deepEqual(result, {
        written: false,
        current: { session: { id: "s1", expiresAt: 1500 }, tags: ["lab"], live: true },
      });
    });

    it("raises StoreUnavailableError for throttling, naming the operation", async () => {
      // Prepare
      const { client } = stubClient(() => {
        throw new DynamoServiceError("ProvisionedThroughputExceededException", 400, "slow down");
      });
      const table = createTableClient({ client, tableName });

      // Act
      const writing = table.update(
        { key, expression: expressionBuilder().set("x", 1) },
        "saveSession",
      );

      // Assess
      await assert.rejects(writing, (error: unknown) => {
        assert.ok(error instanceof StoreUnavailableError);
        assert.match(error.message, /saveSession/);
        return true;
      });
    });

    it("raises StoreRequestRejectedError for a request retrying cannot fix", async () => {
      // Prepare
      const { client } = stubClient(() => {
        throw new DynamoServiceError("ValidationException", 400, "bad expression");
      });
      const table = createTableClient({ client, tableName });

      // Act
      const writing = table.update(
        { key, expression: expressionBuilder().set("x", 1) },
        "openSession",
      );

      // Assess
      await assert.rejects(writing, (error: unknown) => {
        assert.ok(error instanceof StoreRequestRejectedError);
        assert.equal(error.operation, "openSession");
        assert.equal(error.code, "ValidationException");
        return true;
      });
    });
  });

  describe("query", () => {
    it("follows LastEvaluatedKey until the limit is reached, then stops reading", async () => {
      // Prepare
      const { client, sent } = stubClient((_command, call) => ({
        Items: [{ pk: `p${call}a` }, { pk: `p${call}b` }],
        LastEvaluatedKey: { pk: `p${call}b` },
      }));
      const table = createTableClient({ client, tableName });
      const expression = expressionBuilder().keyCondition(
        (e) => `${e.name("pk")} = ${e.value("x")}`,
      );

      // Act
      const items = await table.query({ expression, limit: 3 }, "purgeStaleParameters");

      // Assess
      assert.deepEqual(items, [{ pk: "p1a" }, { pk: "p1b" }, { pk: "p2a" }]);
      assert.deepEqual(commandNames(sent), ["Query", "Query"]);
    });
  });
});
