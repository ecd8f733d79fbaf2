import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { awsLiteOnFirstUse } from "../../../functions/adapters/aws-lite/aws-lite-on-first-use.ts";

describe("awsLiteOnFirstUse", () => {
  const fixed = {
    endpoint: "http://127.0.0.1:9",
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  };

  it("keeps one client until it is maxAgeMs old, then makes another (credentials read again)", async () => {
    // Prepare
    let now = 1_000;
    const client = awsLiteOnFirstUse({ ...fixed, maxAgeMs: 600_000, now: () => now });

    // Act
    const first = await client();
    now += 599_999;
    const young = await client();
    now += 1;
    const renewed = await client();

    // Assess
    assert.equal(young, first);
    assert.notEqual(renewed, first);
  });

  it("takes the endpoint, region and its own settings (no retries of aws-lite's own)", async () => {
    // Act
    const client = await awsLiteOnFirstUse(fixed)();
    // aws-lite's types leave out the configuration it attaches to the client.
    const { config } = client as unknown as { config: Record<string, unknown> };

    // Assess
    assert.equal(config.region, "us-east-1");
    assert.equal(config.port, 9);
    assert.equal(config.retries, 0);
    assert.equal(config.keepAlive, true);
  });
});
