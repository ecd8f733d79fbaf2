import type { TaskRecord } from "../../core/model/task.ts";
import { sentOnce } from "../../core/session/task-policy.ts";
import { DeviceNotFoundError, TaskConflictError } from "../../port-errors.ts";
import type { TaskSendClaim, TaskStore } from "../../ports.ts";
import { taskOrderKey } from "../dynamodb/item-layout.ts";
import { decodeTaskCursor, taskCursorAfter } from "../dynamodb/task-list-cursor.ts";
import { cloneData } from "./clone-data.ts";
import type { MemoryStoreOptions } from "./memory-device-store.ts";

/** What createTask reports as expected when the id is taken (same as the DynamoDB adapter). */
const newTaskStatus = "absent";

/** TaskStore on plain Maps; enqueues on the shared device rows like the DynamoDB adapter. */
export function createMemoryTaskStore(options: MemoryStoreOptions): TaskStore {
  const { tasks, devices, idempotency } = options.table;

  return {
    async createTask(task) {
      if (tasks.has(task.id)) throw new TaskConflictError(task.id, newTaskStatus);
      const row = devices.get(task.deviceId);
      if (!row) throw new DeviceNotFoundError(task.deviceId);
      tasks.set(task.id, cloneData(task));
      row.queue.set(task.id, task.createdAt);
    },

    async ensureQueued(task) {
      const row = devices.get(task.deviceId);
      if (row && !row.queue.has(task.id)) row.queue.set(task.id, task.createdAt);
    },

    async getTask(taskId) {
      const task = tasks.get(taskId);
      return task ? cloneData(task) : undefined;
    },

    async listTasks(deviceId) {
      return [...tasks.values()]
        .filter((task) => task.deviceId === deviceId)
        .sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
        .map(cloneData);
    },

    async listRecentTasks(query) {
      const before = query.cursor === undefined ? undefined : decodeTaskCursor(query.cursor);
      const matching = [...tasks.values()]
        .filter(
          (task) =>
            task.createdAt >= query.since &&
            (query.status === undefined || task.status === query.status) &&
            (query.deviceId === undefined || task.deviceId === query.deviceId) &&
            (before === undefined || taskOrderKey(task.createdAt, task.id) < before),
        )
        .sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
      const page = matching.slice(0, query.limit).map(cloneData);
      const last = page.at(-1);
      return {
        tasks: page,
        ...(matching.length > query.limit && last && { cursor: taskCursorAfter(last) }),
      };
    },

    async updateTask(task, expected) {
      const stored = tasks.get(task.id);
      if (stored?.status !== expected) throw new TaskConflictError(task.id, expected);
      tasks.set(task.id, cloneData(task));
    },

    claimForSend: async (claim) => claimForSend(tasks, claim),

    async dequeue(deviceId, taskIds) {
      const row = devices.get(deviceId);
      for (const taskId of taskIds) row?.queue.delete(taskId);
    },

    async claimIdempotencyKey(claim) {
      const slot = JSON.stringify([claim.deviceId, claim.key]);
      const bound = idempotency.get(slot);
      if (bound && bound.expiresAt > claim.now) {
        const { expiresAt: _expiresAt, ...binding } = bound;
        return binding;
      }
      const { taskId, requestHash, expiresAt } = claim;
      idempotency.set(slot, { taskId, requestHash, expiresAt });
      return undefined;
    },

    async releaseIdempotencyKey(deviceId, key) {
      idempotency.delete(JSON.stringify([deviceId, key]));
    },
  };
}

/** TaskStore.claimForSend on the Map: the DynamoDB adapter's condition, checked in one step. */
function claimForSend(
  tasks: Map<string, TaskRecord>,
  claim: TaskSendClaim,
): TaskRecord | undefined {
  const stored = tasks.get(claim.taskId);
  if (
    stored?.status !== "pending" ||
    stored.deviceId !== claim.deviceId ||
    stored.expiresAt <= claim.sent.at ||
    stored.attempts >= stored.maxAttempts ||
    !claim.names.includes(stored.spec.name)
  )
    return undefined;
  tasks.set(claim.taskId, cloneData(sentOnce(stored, claim.sent)));
  return cloneData(stored);
}
