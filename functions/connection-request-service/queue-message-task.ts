import type { TaskRecord, TaskSpec } from "../core/model/task.ts";
import { DeviceNotFoundError } from "../port-errors.ts";
import type { IdSource, TaskStore } from "../ports.ts";

/** What the sender needs of the task store to queue a message's task. */
export type MessageTaskStore = Pick<
  TaskStore,
  "createTask" | "getTask" | "claimIdempotencyKey" | "releaseIdempotencyKey"
>;

/** The API's defaults (api-deps.ts), so a task queued here is like one queued through it. */
export const messageTaskDefaults = {
  lifetimeMs: 7 * 24 * 3_600_000,
  maxAttempts: 3,
  /**
   * How long a key stays bound: 14 days, the longest an SQS message can be retained, so no
   * redelivery of a message can outlive its binding (the API keeps its keys for a day).
   */
  idempotencyMs: 14 * 24 * 3_600_000,
} as const;

export type QueuedTask =
  /** Created now. */
  | { readonly kind: "created"; readonly taskId: string }
  /** The key was bound to this task already (a redelivery, or a repeated event). */
  | { readonly kind: "replayed"; readonly taskId: string }
  /** The device disappeared between reading it and queueing: nothing was left behind. */
  | { readonly kind: "unknown-device" };

/**
 * The key used when the message names none. SQS delivers at least once and the sender may ask
 * for a message again (busy back-off, store failure): each redelivery of one SQS message carries
 * the same message id, so it finds the task of the first delivery instead of queueing another.
 */
export function defaultIdempotencyKey(sqsMessageId: string): string {
  return `sqs-message:${sqsMessageId}`;
}

/**
 * Queues one task for a device with an idempotency key, as POST /devices/{id}/tasks does with
 * an Idempotency-Key (api/routes/task-routes.ts): claim the key for a fresh task id; if it is
 * bound to a task that exists, that task is the answer; otherwise create the task, releasing
 * the key when that fails so a retry can claim it again.
 */
export async function queueMessageTask(
  deps: { readonly tasks: MessageTaskStore; readonly ids: Pick<IdSource, "sortableId"> },
  input: {
    readonly deviceId: string;
    readonly spec: TaskSpec;
    readonly idempotencyKey: string;
    readonly now: number;
  },
): Promise<QueuedTask> {
  const { tasks } = deps;
  const { deviceId, idempotencyKey, now } = input;
  const task: TaskRecord = {
    id: deps.ids.sortableId(now),
    deviceId,
    spec: input.spec,
    status: "pending",
    createdAt: now,
    updatedAt: now,
    expiresAt: now + messageTaskDefaults.lifetimeMs,
    attempts: 0,
    maxAttempts: messageTaskDefaults.maxAttempts,
    idempotencyKey,
  };
  const earlier = await tasks.claimIdempotencyKey({
    deviceId,
    key: idempotencyKey,
    taskId: task.id,
    now,
    expiresAt: now + messageTaskDefaults.idempotencyMs,
  });
  const first = earlier === undefined ? undefined : await tasks.getTask(earlier);
  if (first) return { kind: "replayed", taskId: first.id };
  try {
    await tasks.createTask(task);
  } catch (error) {
    await tasks.releaseIdempotencyKey(deviceId, idempotencyKey);
    if (error instanceof DeviceNotFoundError) return { kind: "unknown-device" };
    throw error;
  }
  return { kind: "created", taskId: task.id };
}
