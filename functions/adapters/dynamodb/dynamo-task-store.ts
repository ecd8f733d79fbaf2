import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import type { TaskRecord } from "../../core/model/task.ts";
import { DeviceNotFoundError, TaskConflictError } from "../../port-errors.ts";
import type { TaskStore } from "../../ports.ts";
import { batchGet } from "./batch-get.ts";
import { createDynamoIdempotency } from "./dynamo-idempotency.ts";
import {
  deviceKey,
  deviceTasksPartition,
  taskIndexKeys,
  taskKey,
  taskTtlSeconds,
} from "./item-layout.ts";
import { isConditionalCheckFailed, translateError } from "./translate-error.ts";

export interface DynamoTaskStoreOptions {
  /** Build it with `marshallOptions: { removeUndefinedValues: true }`. */
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
}

/** Expression attribute names stay well under DynamoDB's 4 KB expression limit per request. */
const dequeueChunk = 50;

const taskIsNew = "attribute_not_exists(#pk)";
const taskHasExpectedStatus = "#status = :expected";
const deviceExists = "attribute_exists(#pk)";

/** What createTask writes when the id is taken: the status it expected to find. */
const newTaskStatus = "absent";

export function createDynamoTaskStore(options: DynamoTaskStoreOptions): TaskStore {
  const { client, tableName } = options;

  const taskItem = (task: TaskRecord) => ({
    ...task,
    ...taskKey(task.id),
    ...taskIndexKeys(task.deviceId, task.createdAt, task.id),
    ttl: taskTtlSeconds(task.expiresAt),
  });

  async function send<T>(operation: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (isConditionalCheckFailed(error)) throw error;
      throw translateError(error, operation);
    }
  }

  /** Enqueues on the device item; false when the device does not exist. */
  async function enqueue(task: TaskRecord): Promise<boolean> {
    try {
      await send("createTask", () =>
        client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: deviceKey(task.deviceId),
            UpdateExpression: "SET #taskQueue.#taskId = :sequence",
            ConditionExpression: deviceExists,
            ExpressionAttributeNames: {
              "#pk": "pk",
              "#taskQueue": "taskQueue",
              "#taskId": task.id,
            },
            ExpressionAttributeValues: { ":sequence": task.createdAt },
          }),
        ),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }

  async function deleteTaskItem(taskId: string): Promise<void> {
    await send("createTask", () =>
      client.send(new DeleteCommand({ TableName: tableName, Key: taskKey(taskId) })),
    );
  }

  return {
    /**
     * Task item first, queue entry second: a session that sees the id in the
     * queue always finds the task. If the device is missing (or the enqueue
     * fails) the task item is deleted again, so nothing is left half-written.
     */
    async createTask(task) {
      try {
        await send("createTask", () =>
          client.send(
            new PutCommand({
              TableName: tableName,
              Item: taskItem(task),
              ConditionExpression: taskIsNew,
              ExpressionAttributeNames: { "#pk": "pk" },
            }),
          ),
        );
      } catch (error) {
        if (isConditionalCheckFailed(error)) {
          throw new TaskConflictError(task.id, newTaskStatus, { cause: error });
        }
        throw error;
      }
      let enqueued: boolean;
      try {
        enqueued = await enqueue(task);
      } catch (error) {
        await deleteTaskItem(task.id).catch(() => undefined);
        throw error;
      }
      if (!enqueued) {
        await deleteTaskItem(task.id);
        throw new DeviceNotFoundError(task.deviceId);
      }
    },

    async getTask(taskId) {
      const output = await send("getTask", () =>
        client.send(
          new GetCommand({ TableName: tableName, Key: taskKey(taskId), ConsistentRead: true }),
        ),
      );
      return output.Item ? taskFromItem(output.Item) : undefined;
    },

    async listTasks(deviceId) {
      // The index holds keys only (see table-definition.ts): fetch the tasks by key.
      const keys: { pk: string; sk: string }[] = [];
      let startKey: Record<string, unknown> | undefined;
      do {
        const page = await send("listTasks", () =>
          client.send(
            new QueryCommand({
              TableName: tableName,
              IndexName: "gsi1",
              KeyConditionExpression: "#gsi1pk = :deviceTasks",
              ExpressionAttributeNames: { "#gsi1pk": "gsi1pk" },
              ExpressionAttributeValues: { ":deviceTasks": deviceTasksPartition(deviceId) },
              ScanIndexForward: true,
              ExclusiveStartKey: startKey,
            }),
          ),
        );
        for (const item of page.Items ?? [])
          keys.push({ pk: String(item.pk), sk: String(item.sk) });
        startKey = page.LastEvaluatedKey;
      } while (startKey);
      const items = await batchGet({ client, tableName, operation: "listTasks" }, keys);
      const byKey = new Map(items.map((item) => [String(item.pk), taskFromItem(item)]));
      return keys.flatMap((key) => byKey.get(key.pk) ?? []);
    },

    async updateTask(task, expected) {
      try {
        await send("updateTask", () =>
          client.send(
            new PutCommand({
              TableName: tableName,
              Item: taskItem(task),
              ConditionExpression: taskHasExpectedStatus,
              ExpressionAttributeNames: { "#status": "status" },
              ExpressionAttributeValues: { ":expected": expected },
            }),
          ),
        );
      } catch (error) {
        if (isConditionalCheckFailed(error)) {
          throw new TaskConflictError(task.id, expected, { cause: error });
        }
        throw error;
      }
    },

    async dequeue(deviceId, taskIds) {
      const unique = [...new Set(taskIds)];
      for (let start = 0; start < unique.length; start += dequeueChunk) {
        await removeFromQueue(deviceId, unique.slice(start, start + dequeueChunk));
      }
    },

    ...createDynamoIdempotency({ client, tableName }),
  };

  /** REMOVE of a missing map key is a no-op; a missing device is fine too (nothing queued). */
  async function removeFromQueue(deviceId: string, taskIds: readonly string[]): Promise<void> {
    const names: Record<string, string> = { "#pk": "pk", "#taskQueue": "taskQueue" };
    const paths = taskIds.map((taskId, index) => {
      names[`#dequeued${index}`] = taskId;
      return `#taskQueue.#dequeued${index}`;
    });
    try {
      await send("dequeue", () =>
        client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: deviceKey(deviceId),
            UpdateExpression: `REMOVE ${paths.join(", ")}`,
            ConditionExpression: deviceExists,
            ExpressionAttributeNames: names,
          }),
        ),
      );
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
    }
  }
}

function taskFromItem(item: Record<string, unknown>): TaskRecord {
  const { pk: _pk, sk: _sk, gsi1pk: _gsi1pk, gsi1sk: _gsi1sk, ttl: _ttl, ...task } = item;
  return task as unknown as TaskRecord;
}
