import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
} from "@aws-sdk/lib-dynamodb";
import { isLive, remainingMs } from "../../core/session/lease.ts";
import { DeviceNotFoundError, SessionBusyError } from "../../port-errors.ts";
import { type BatchWriteOptions, batchWrite } from "./batch-write.ts";
import { sessionFromItem } from "./device-item.ts";
import { deviceKey, devicePartitionKey, parameterSortKeyRoot } from "./item-layout.ts";
import { isConditionalCheckFailed, translateError } from "./translate-error.ts";

export interface DeviceRemovalOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
}

/** The lease rule of core/session/lease.ts (isLive), as a condition: live while session.expiresAt > now. */
const noLiveSession = "attribute_not_exists(#session) OR #session.#expiresAt <= :now";

/**
 * deleteDevice: refuses while a session holds the lease, deletes every
 * parameter item of every generation, then the device item on condition that
 * still no session is live. Parameters go first: if the process dies half way
 * the device is still listed and a retry finishes the job, whereas orphaned
 * parameters under a deleted device would reappear as the current generation
 * of a device re-registered with the same id. Tasks and idempotency keys are
 * left alone (the API cancels the tasks; TTL removes both eventually).
 */
export function createDeviceRemoval(
  options: DeviceRemovalOptions,
): (deviceId: string, now: number) => Promise<void> {
  const { client, tableName } = options;
  const writes: BatchWriteOptions = { client, tableName, operation: "deleteDevice" };

  async function readDevice(deviceId: string) {
    try {
      const output = await client.send(
        new GetCommand({ TableName: tableName, Key: deviceKey(deviceId), ConsistentRead: true }),
      );
      return output.Item;
    } catch (error) {
      throw translateError(error, "deleteDevice");
    }
  }

  /** One Query page of parameter keys at a time, deleted before the next page is read. */
  async function deleteParameters(deviceId: string): Promise<void> {
    let startKey: Record<string, unknown> | undefined;
    do {
      let page: { Items?: Record<string, unknown>[]; LastEvaluatedKey?: Record<string, unknown> };
      try {
        page = await client.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: "#pk = :device AND begins_with(#sk, :parameters)",
            ExpressionAttributeNames: { "#pk": "pk", "#sk": "sk" },
            ExpressionAttributeValues: {
              ":device": devicePartitionKey(deviceId),
              ":parameters": parameterSortKeyRoot,
            },
            ProjectionExpression: "#pk, #sk",
            ExclusiveStartKey: startKey,
          }),
        );
      } catch (error) {
        throw translateError(error, "deleteDevice");
      }
      const keys = (page.Items ?? []).map((item) => ({ pk: String(item.pk), sk: String(item.sk) }));
      await batchWrite(
        writes,
        keys.map((Key) => ({ DeleteRequest: { Key } })),
      );
      startKey = page.LastEvaluatedKey;
    } while (startKey);
  }

  /** The lease's end: from the item returned with the failed condition (real DynamoDB), else a read. */
  async function leaseEnd(deviceId: string, failure: unknown): Promise<number | undefined> {
    const returned = (failure as { Item?: Record<string, AttributeValue> }).Item;
    const expiresAt = returned?.session?.M?.expiresAt?.N;
    if (expiresAt !== undefined) return Number(expiresAt);
    const item = await readDevice(deviceId);
    return item ? sessionFromItem(item)?.expiresAt : undefined;
  }

  return async function deleteDevice(deviceId, now) {
    const item = await readDevice(deviceId);
    if (!item) throw new DeviceNotFoundError(deviceId);
    const lease = sessionFromItem(item);
    if (isLive(lease, now)) throw new SessionBusyError(deviceId, remainingMs(lease, now));
    await deleteParameters(deviceId);
    try {
      await client.send(
        new DeleteCommand({
          TableName: tableName,
          Key: deviceKey(deviceId),
          ConditionExpression: noLiveSession,
          ExpressionAttributeNames: { "#session": "session", "#expiresAt": "expiresAt" },
          ExpressionAttributeValues: { ":now": now },
          ReturnValuesOnConditionCheckFailure: "ALL_OLD",
        }),
      );
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw translateError(error, "deleteDevice");
      // A session started after the check: the device stays, its parameters are relearnt.
      const end = (await leaseEnd(deviceId, error)) ?? now;
      throw new SessionBusyError(deviceId, Math.max(0, end - now));
    }
  };
}
