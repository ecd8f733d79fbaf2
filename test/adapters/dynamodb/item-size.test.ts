import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import { countRequests } from "../../../functions/adapters/dynamodb/count-requests.ts";
import { itemSize, writeUnitsOf } from "../../../functions/adapters/dynamodb/item-size.ts";
import { dynaliteForSuite } from "../../support/dynalite.ts";

type Item = Record<string, AttributeValue>;

describe("itemSize (DynamoDB's published sizing rules)", () => {
  it("sizes names and values by the documented rules", () => {
    // Prepare
    const item: Item = {
      pk: { S: "é" }, // 2 + 2 (UTF-8)
      n: { N: "-0012.3400" }, // 1 + (4 significant digits: 2) + 1
      b: { B: new Uint8Array(5) }, // 1 + 5
      t: { BOOL: true }, // 1 + 1
      z: { NULL: true }, // 1 + 1
      l: { L: [{ S: "ab" }, { N: "7" }] }, // 1 + 3 + (1 + 2) + (1 + 2)
      m: { M: { k: { S: "v" } } }, // 1 + 3 + 1 + (1 + 1)
    };

    // Act
    const size = itemSize(item);

    // Assess
    assert.equal(size, 4 + 4 + 6 + 2 + 2 + 10 + 7);
  });

  it("rounds write units up per KB, at least 1", () => {
    assert.deepEqual([0, 1, 1024, 1025, 2048, 2049].map(writeUnitsOf), [1, 1, 1, 2, 2, 3]);
  });
});

describe("itemSize against what dynalite reports", () => {
  const dynalite = dynaliteForSuite("acs-item-size");

  it("gives the write units dynalite reports for items around the 1 KB steps", async () => {
    // Prepare: new items (no old one), so the units are those of the item put; 39 bytes
    // besides the blob, so the items are 1,024, 1,025, 2,048 and 2,049 bytes.
    const { tableName } = await dynalite.freshTable();
    const { client } = dynalite.dynamo();
    const items: Item[] = [985, 986, 2009, 2010].map((length, i) => ({
      pk: { S: `p${i}` },
      sk: { S: "item" },
      blob: { S: "x".repeat(length) },
      count: { N: "123456" },
      tags: { L: [{ S: "a" }, { M: { k: { BOOL: false } } }] },
    }));
    const counter = countRequests(client);

    // Act
    const reported: number[] = [];
    for (const item of items) {
      counter.reset();
      await client.send("PutItem", { TableName: tableName, Item: unmarshall(item) });
      reported.push(counter.units().write);
    }
    counter.detach();

    // Assess
    assert.deepEqual(
      items.map((item) => writeUnitsOf(itemSize(item))),
      reported,
    );
    assert.deepEqual(reported, [1, 2, 2, 3]);
  });
});
