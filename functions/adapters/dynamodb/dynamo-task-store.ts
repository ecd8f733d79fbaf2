import type { TaskRecord } from "../../core/model/task.ts";
import { DeviceNotFoundError, TaskConflictError } from "../../port-errors.ts";
import type { TaskStore } from "../../ports.ts";
import { claimTaskForSend } from "./claim-task-for-send.ts";
import { itemIsNew } from "./conditions.ts";
import type { DynamoCaller } from "./dynamo-caller.ts";
import { createDynamoIdempotency } from "./dynamo-idempotency.ts";
import { createRecentTaskListing } from "./dynamo-recent-tasks.ts";
import { expressionBuilder } from "./expression-builder.ts";
import { deviceTasksPartition, taskIndexKeys, taskKey, taskTtlSeconds } from "./item-layout.ts";
import { enqueueTask, removeFromQueue } from "./lease-queue.ts";
import { recordFromItem, storedRecord } from "./parse-item.ts";
import { createTableClient, type Item } from "./table-client.ts";

export interface DynamoTaskStoreOptions {
  /** Build it with `marshallOptions: { removeUndefinedValues: true }`. */
  readonly client: DynamoCaller;
  readonly tableName: string;
}

/** Expression attribute names stay well under DynamoDB's 4 KB expression limit per request. */
const dequeueChunk = 50;

/** What createTask writes when the id is taken: the status it expected to find. */
const newTaskStatus = "absent";

/** A task item holds the TaskRecord at the top level; the store relies on these fields. */
const taskRecord = storedRecord<TaskRecord>(
  "a task with id, deviceId, status and createdAt",
  (task) =>
    typeof task.id === "string" &&
    typeof task.deviceId === "string" &&
    typeof task.status === "string" &&
    typeof task.createdAt === "number",
);

/** A task item read as its record (StoreItemInvalidError naming the field otherwise). */
export const parseTask = (item: Item) => recordFromItem(taskRecord, item);

export function createDynamoTaskStore(options: DynamoTaskStoreOptions): TaskStore {
  const table = createTableClient(options);

  const taskItem = (task: TaskRecord): Item => ({
    ...task,
    ...taskKey(task.id),
    ...taskIndexKeys(task.deviceId, task.createdAt, task.id),
    ttl: taskTtlSeconds(task.expiresAt),
  });

  const deleteTaskItem = (taskId: string) => table.delete({ key: taskKey(taskId) }, "createTask");

  return {
    /**
     * Task item first, queue entry second: a session that sees the id in the
     * queue always finds the task. If the device is missing (or the enqueue
     * fails) the task item is deleted again, so nothing is left half-written.
     */
    async createTask(task) {
      const put = expressionBuilder().condition(itemIsNew);
      const created = await table.put({ item: taskItem(task), expression: put }, "createTask");
      if (!created.written) throw new TaskConflictError(task.id, newTaskStatus);
      let enqueued: boolean;
      try {
        enqueued = await enqueueTask(table, task);
      } catch (error) {
        await deleteTaskItem(task.id).catch(() => undefined);
        throw error;
      }
      if (!enqueued) {
        await deleteTaskItem(task.id);
        throw new DeviceNotFoundError(task.deviceId);
      }
    },

    async ensureQueued(task) {
      // SET of the same id and sequence is idempotent; a missing device has no queue to mend.
      await enqueueTask(table, task);
    },

    async getTask(taskId) {
      const item = await table.get(taskKey(taskId), "getTask");
      return item ? parseTask(item) : undefined;
    },

    async listTasks(deviceId) {
      // The index holds keys only (see table-definition.ts): fetch the tasks by key.
      const query = expressionBuilder().keyCondition(
        (e) => `${e.name("gsi1pk")} = ${e.value(deviceTasksPartition(deviceId))}`,
      );
      const rows = await table.query({ index: "gsi1", expression: query }, "listTasks");
      const keys = rows.map((row) => ({ pk: String(row.pk), sk: String(row.sk) }));
      const items = await table.batchGet(keys, "listTasks");
      const byKey = new Map(
        items.map((item) => [String(item.pk), recordFromItem(taskRecord, item)]),
      );
      return keys.flatMap((key) => byKey.get(key.pk) ?? []);
    },

    listRecentTasks: createRecentTaskListing({ table, parse: parseTask }),

    async updateTask(task, expected) {
      const put = expressionBuilder().condition(
        (e) => `${e.name("status")} = ${e.value(expected)}`,
      );
      const saved = await table.put({ item: taskItem(task), expression: put }, "updateTask");
      if (!saved.written) throw new TaskConflictError(task.id, expected);
    },

    claimForSend: (claim) => claimTaskForSend(table, claim),

    async dequeue(deviceId, taskIds) {
      const unique = [...new Set(taskIds)];
      for (let start = 0; start < unique.length; start += dequeueChunk) {
        await removeFromQueue(table, deviceId, unique.slice(start, start + dequeueChunk));
      }
    },

    ...createDynamoIdempotency({ table }),
  };
}
