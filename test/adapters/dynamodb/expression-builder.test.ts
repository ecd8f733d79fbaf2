import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { expressionBuilder } from "../../../functions/adapters/dynamodb/expression-builder.ts";

describe("expressionBuilder", () => {
  describe("update clauses", () => {
    it("writes SET, REMOVE and ADD with one placeholder per name and value", () => {
      // Prepare
      const update = expressionBuilder()
        .set("lastInformAt", 5)
        .setIfAbsent("tags", [])
        .remove(["taskQueue", "task-1"])
        .add("parameterGeneration", 1);

      // Act
      const built = update.build();

      // Assess
      assert.deepEqual(built, {
        UpdateExpression:
          "SET #lastInformAt = :v0, #tags = if_not_exists(#tags, :v1) REMOVE #taskQueue.#n3 ADD #parameterGeneration :v2",
        ExpressionAttributeNames: {
          "#lastInformAt": "lastInformAt",
          "#tags": "tags",
          "#taskQueue": "taskQueue",
          "#n3": "task-1",
          "#parameterGeneration": "parameterGeneration",
        },
        ExpressionAttributeValues: { ":v0": 5, ":v1": [], ":v2": 1 },
      });
    });

    it("reuses a name's placeholder and puts list indexes in the path", () => {
      // Prepare
      const update = expressionBuilder()
        .remove(["tags", 2])
        .condition((e) => `${e.name(["tags", 2])} = ${e.value("lab")}`);

      // Act
      const built = update.build();

      // Assess
      assert.equal(built.UpdateExpression, "REMOVE #tags[2]");
      assert.equal(built.ConditionExpression, "#tags[2] = :v0");
      assert.deepEqual(built.ExpressionAttributeNames, { "#tags": "tags" });
    });

    it("never gives two names one placeholder, even a name that looks like a generated one", () => {
      // Prepare
      const update = expressionBuilder().set("n1", 1).set("a.b", 2).set("n0x", 3);

      // Act
      const names = update.build().ExpressionAttributeNames ?? {};

      // Assess
      assert.equal(new Set(Object.keys(names)).size, 3);
      assert.deepEqual(Object.values(names).sort(), ["a.b", "n0x", "n1"]);
    });
  });

  describe("conditions", () => {
    it("joins several conditions with AND, each in parentheses", () => {
      // Prepare
      const expression = expressionBuilder()
        .condition(
          (e) => `attribute_not_exists(${e.name("pk")}) OR ${e.name("x")} <= ${e.value(1)}`,
        )
        .condition((e) => `${e.name("status")} = ${e.value("pending")}`);

      // Act
      const built = expression.build();

      // Assess
      assert.equal(
        built.ConditionExpression,
        "(attribute_not_exists(#pk) OR #x <= :v0) AND (#status = :v1)",
      );
      assert.equal(built.UpdateExpression, undefined);
    });

    it("declares nothing it does not use (DynamoDB refuses unused placeholders)", () => {
      // Act
      const built = expressionBuilder().build();

      // Assess
      assert.deepEqual(built, {});
    });
  });

  describe("queries", () => {
    it("builds key condition, filter and projection over shared maps", () => {
      // Prepare
      const query = expressionBuilder()
        .keyCondition((e) => `${e.name("gsi1pk")} = ${e.value("DEVICES#3")}`)
        .filter((e) => `contains(${e.name("tags")}, ${e.value("lab")})`)
        .project("gsi1sk");

      // Act
      const built = query.build();

      // Assess
      assert.equal(built.KeyConditionExpression, "#gsi1pk = :v0");
      assert.equal(built.FilterExpression, "contains(#tags, :v1)");
      assert.equal(built.ProjectionExpression, "#gsi1sk");
      assert.deepEqual(built.ExpressionAttributeValues, { ":v0": "DEVICES#3", ":v1": "lab" });
    });
  });
});
