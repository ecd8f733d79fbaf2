import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createDynamoCampaignStore } from "../../../functions/adapters/dynamodb/dynamo-campaign-store.ts";
import type { CampaignStatus } from "../../../functions/core/model/campaign.ts";
import { dynaliteForSuite } from "../../support/dynalite.ts";
import { campaignWithStatus } from "../store-contract/campaign-progress-contract.ts";
import { campaignStoreContract } from "../store-contract/campaign-store-contract.ts";
import { stubClient } from "./stub-client.ts";

describe("DynamoDB campaign store (dynalite)", () => {
  const dynalite = dynaliteForSuite("acs-campaigns");

  campaignStoreContract(async () => createDynamoCampaignStore(await dynalite.freshTable()));
});

describe("DynamoDB campaign store, index behind the table", () => {
  const tableName = "acs-test";
  const stored = (id: string, status: CampaignStatus, createdAt: number) => ({
    pk: `CAMPAIGN#${id}`,
    sk: "CAMPAIGN",
    gsi1pk: `CAMPAIGNS#${status}`,
    gsi1sk: `${String(createdAt).padStart(15, "0")}#${id}`,
    ...campaignWithStatus(id, status),
    createdAt,
  });
  /** gsi1 still lists C2 as running; the table item says paused (saved since). */
  const staleIndex = () =>
    stubClient(({ operation, input }) => {
      if (operation === "Query") {
        const values = input.ExpressionAttributeValues as Record<string, unknown> | undefined;
        const status = values?.[":v0"];
        return {
          Items:
            status === "CAMPAIGNS#running"
              ? [stored("C1", "running", 1), stored("C2", "running", 2)]
              : status === "CAMPAIGNS#paused"
                ? [stored("C2", "paused", 2)]
                : [],
        };
      }
      if (operation === "BatchGetItem") {
        const requested = input.RequestItems as Record<string, { Keys: { pk: string }[] }>;
        const keys = requested[tableName]?.Keys ?? [];
        const items = [stored("C1", "running", 1), stored("C2", "paused", 2)];
        return {
          Responses: { [tableName]: items.filter((i) => keys.some((k) => k.pk === i.pk)) },
        };
      }
      throw new Error(`unexpected ${operation}`);
    });

  it("lists a campaign only under the status its item holds", async () => {
    // Prepare
    const store = createDynamoCampaignStore({ client: staleIndex().client, tableName });

    // Act
    const running = await store.listCampaigns({ status: "running", limit: 10 });
    const every = await store.listCampaigns({ limit: 10 });
    const runner = await store.listRunning();

    // Assess
    assert.deepEqual(
      running.campaigns.map((c) => [c.id, c.status]),
      [["C1", "running"]],
    );
    assert.deepEqual(
      every.campaigns.map((c) => [c.id, c.status]),
      [
        ["C1", "running"],
        ["C2", "paused"],
      ],
    );
    assert.deepEqual(
      runner.map((c) => c.id),
      ["C1"],
    );
  });
});
