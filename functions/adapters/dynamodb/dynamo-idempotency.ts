import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
} from "@aws-sdk/lib-dynamodb";
import { StoreUnavailableError } from "../../port-errors.ts";
import type { TaskStore } from "../../ports.ts";
import { type ItemKey, idempotencyItemKey } from "./item-layout.ts";
import { isConditionalCheckFailed, translateError } from "./translate-error.ts";

export interface DynamoIdempotencyOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
}

/** Expiry is data (dynalite has no TTL, DynamoDB's is lazy): an expired binding is free again. */
const keyIsFreeOrExpired = "attribute_not_exists(#pk) OR #expiresAt <= :now";
/** A claim that finds the binding gone again (released in between) tries this often. */
const claimAttempts = 3;

type IdempotencyMethods = Pick<TaskStore, "claimIdempotencyKey" | "releaseIdempotencyKey">;

/** Idempotency-Key bindings as items of their own (see item-layout.ts). */
export function createDynamoIdempotency(options: DynamoIdempotencyOptions): IdempotencyMethods {
  const { client, tableName } = options;

  /** The bound task id, from the item returned with the failed condition, else a consistent read. */
  async function boundTaskId(key: ItemKey, failure: unknown) {
    const returned = (failure as { Item?: Record<string, { S?: string }> }).Item;
    if (returned?.taskId?.S !== undefined) return returned.taskId.S;
    try {
      const output = await client.send(
        new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }),
      );
      return output.Item ? String(output.Item.taskId) : undefined;
    } catch (error) {
      throw translateError(error, "claimIdempotencyKey");
    }
  }

  return {
    async claimIdempotencyKey(claim) {
      const key = idempotencyItemKey(claim.deviceId, claim.key);
      for (let attempt = 1; attempt <= claimAttempts; attempt++) {
        try {
          await client.send(
            new PutCommand({
              TableName: tableName,
              Item: {
                ...key,
                taskId: claim.taskId,
                expiresAt: claim.expiresAt,
                ttl: Math.ceil(claim.expiresAt / 1000),
              },
              ConditionExpression: keyIsFreeOrExpired,
              ExpressionAttributeNames: { "#pk": "pk", "#expiresAt": "expiresAt" },
              ExpressionAttributeValues: { ":now": claim.now },
              ReturnValuesOnConditionCheckFailure: "ALL_OLD",
            }),
          );
          return undefined;
        } catch (error) {
          if (!isConditionalCheckFailed(error)) throw translateError(error, "claimIdempotencyKey");
          const taskId = await boundTaskId(key, error);
          if (taskId !== undefined) return taskId;
        }
      }
      throw new StoreUnavailableError(
        `claimIdempotencyKey: the binding of ${claim.deviceId} kept changing`,
      );
    },

    async releaseIdempotencyKey(deviceId, key) {
      try {
        await client.send(
          new DeleteCommand({ TableName: tableName, Key: idempotencyItemKey(deviceId, key) }),
        );
      } catch (error) {
        throw translateError(error, "releaseIdempotencyKey");
      }
    },
  };
}
