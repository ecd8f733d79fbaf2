import { newTask, type TaskDefaults, type TaskOrigin } from "../core/model/new-task.ts";
import type { TaskRecord, TaskSpec } from "../core/model/task.ts";
import { DeviceNotFoundError } from "../port-errors.ts";
import type { IdSource, TaskStore } from "../ports.ts";
import { sealTaskSecrets, type TaskSecrets } from "./task-secrets.ts";

/** What queueing needs: the task store, task ids and the configured defaults. */
export interface QueueTaskDeps {
  readonly tasks: Pick<
    TaskStore,
    "createTask" | "getTask" | "claimIdempotencyKey" | "releaseIdempotencyKey"
  >;
  readonly ids: Pick<IdSource, "sortableId">;
  readonly taskDefaults: TaskDefaults;
  /** Secret values are sealed before a task is stored; absent: they are refused (task-secrets.ts). */
  readonly taskSecrets?: TaskSecrets;
}

export interface TaskRequest {
  readonly deviceId: string;
  readonly spec: TaskSpec;
  readonly now: number;
  /** A retried request with the same key gets the first task instead of a second one. */
  readonly idempotency?: { readonly key: string; readonly forMs: number };
  readonly origin?: TaskOrigin;
}

export type QueuedTask =
  /** Created now. */
  | { readonly kind: "created"; readonly task: TaskRecord }
  /** The key was bound to this task already (a retried request, a redelivered message). */
  | { readonly kind: "replayed"; readonly task: TaskRecord }
  /** No such device (or deleted meanwhile): nothing was left behind, the key is free again. */
  | { readonly kind: "unknown-device" };

/**
 * Queues one pending task. With an idempotency key: claim the key for a fresh task id; if it is
 * bound to a task that exists, that task is the answer; otherwise create the task, releasing the
 * key when that fails so a retry can claim it again. Store failures other than an unknown
 * device are thrown.
 */
export async function queueTask(deps: QueueTaskDeps, request: TaskRequest): Promise<QueuedTask> {
  const { deviceId, now, idempotency } = request;
  const task = newTask({
    id: deps.ids.sortableId(now),
    deviceId,
    spec: sealTaskSecrets(deps.taskSecrets, request.spec),
    now,
    defaults: deps.taskDefaults,
    ...(idempotency && { idempotencyKey: idempotency.key }),
    ...(request.origin && { origin: request.origin }),
  });
  if (idempotency) {
    const earlier = await deps.tasks.claimIdempotencyKey({
      deviceId,
      key: idempotency.key,
      taskId: task.id,
      now,
      expiresAt: now + idempotency.forMs,
    });
    const first = earlier === undefined ? undefined : await deps.tasks.getTask(earlier);
    if (first) return { kind: "replayed", task: first };
  }
  try {
    await deps.tasks.createTask(task);
  } catch (error) {
    if (idempotency) await deps.tasks.releaseIdempotencyKey(deviceId, idempotency.key);
    if (error instanceof DeviceNotFoundError) return { kind: "unknown-device" };
    throw error;
  }
  return { kind: "created", task };
}
