import { GetCommand, PutCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import type { CampaignRecord } from "../../core/model/campaign.ts";
import { CampaignConflictError } from "../../port-errors.ts";
import type { CampaignStore } from "../../ports.ts";
import { batchGet } from "./batch-get.ts";
import type { DynamoStoreOptions } from "./dynamo-device-store.ts";
import { isConditionalCheckFailed, translateError } from "./translate-error.ts";

/**
 * Campaign items: pk=`CAMPAIGN#<id>`, sk=`CAMPAIGN`, the CampaignRecord at
 * the top level. While running, gsi1pk=`CAMPAIGNS#running` and
 * gsi1sk=`<createdAt>#<id>` list it (a sparse index entry removed on
 * completion). Saves are conditional on the version read (optimistic).
 */
const runningPartition = "CAMPAIGNS#running";

const key = (id: string) => ({ pk: `CAMPAIGN#${id}`, sk: "CAMPAIGN" });

function item(campaign: CampaignRecord) {
  return {
    ...campaign,
    ...key(campaign.id),
    ...(campaign.status === "running" && {
      gsi1pk: runningPartition,
      gsi1sk: `${String(campaign.createdAt).padStart(15, "0")}#${campaign.id}`,
    }),
  };
}

function record(raw: Record<string, unknown>): CampaignRecord {
  const { pk: _pk, sk: _sk, gsi1pk: _g1, gsi1sk: _g2, ...rest } = raw;
  return rest as unknown as CampaignRecord;
}

export function createDynamoCampaignStore(options: DynamoStoreOptions): CampaignStore {
  const { client, tableName } = options;
  const put = async (
    campaign: CampaignRecord,
    condition: string,
    values: Record<string, unknown>,
  ) => {
    try {
      await client.send(
        new PutCommand({
          TableName: tableName,
          Item: item(campaign),
          ConditionExpression: condition,
          ExpressionAttributeNames: {
            "#pk": "pk",
            ...(values[":previous"] !== undefined && { "#version": "version" }),
          },
          ...(Object.keys(values).length > 0 && { ExpressionAttributeValues: values }),
        }),
      );
    } catch (error) {
      if (isConditionalCheckFailed(error)) throw new CampaignConflictError(campaign.id);
      throw translateError(error, "saveCampaign");
    }
  };
  return {
    createCampaign: (campaign) => put(campaign, "attribute_not_exists(#pk)", {}),
    saveCampaign: (campaign) =>
      put(campaign, "attribute_exists(#pk) AND #version = :previous", {
        ":previous": campaign.version - 1,
      }),
    getCampaign: async (id) => {
      try {
        const out = await client.send(
          new GetCommand({ TableName: tableName, Key: key(id), ConsistentRead: true }),
        );
        return out.Item ? record(out.Item) : undefined;
      } catch (error) {
        throw translateError(error, "getCampaign");
      }
    },
    listRunning: async () => {
      const keys: { pk: string; sk: string }[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        try {
          const page = await client.send(
            new QueryCommand({
              TableName: tableName,
              IndexName: "gsi1",
              KeyConditionExpression: "#g = :running",
              ExpressionAttributeNames: { "#g": "gsi1pk" },
              ExpressionAttributeValues: { ":running": runningPartition },
              ExclusiveStartKey: start,
            }),
          );
          for (const row of page.Items ?? []) keys.push({ pk: String(row.pk), sk: String(row.sk) });
          start = page.LastEvaluatedKey;
        } catch (error) {
          throw translateError(error, "listRunning");
        }
      } while (start);
      const items = (await batchGet({ client, tableName, operation: "listRunning" }, keys)).map(
        record,
      );
      return items.filter((c) => c.status === "running").sort((a, b) => a.createdAt - b.createdAt);
    },
  };
}
