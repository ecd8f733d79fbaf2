import type { TaskSpec } from "../core/model/task.ts";
import { type QueuedTask, type QueueTaskDeps, queueTask } from "../tasks/queue-task.ts";

export type { QueuedTask } from "../tasks/queue-task.ts";

/** What the sender needs of the task store to queue a message's task. */
export type MessageTaskStore = QueueTaskDeps["tasks"];

/**
 * How long a message's key stays bound: 14 days, the longest an SQS message can be retained, so
 * no redelivery of a message can outlive its binding (the API keeps its keys for a day).
 */
export const messageIdempotencyMs = 14 * 24 * 3_600_000;

/**
 * The key used when the message names none. SQS delivers at least once and the sender may ask
 * for a message again (busy back-off, store failure): each redelivery of one SQS message carries
 * the same message id, so it finds the task of the first delivery instead of queueing another.
 */
export function defaultIdempotencyKey(sqsMessageId: string): string {
  return `sqs-message:${sqsMessageId}`;
}

/** Queues a message's task as POST /devices/{id}/tasks does with an Idempotency-Key. */
export function queueMessageTask(
  deps: QueueTaskDeps,
  input: {
    readonly deviceId: string;
    readonly spec: TaskSpec;
    readonly idempotencyKey: string;
    readonly now: number;
  },
): Promise<QueuedTask> {
  return queueTask(deps, {
    deviceId: input.deviceId,
    spec: input.spec,
    now: input.now,
    idempotency: { key: input.idempotencyKey, forMs: messageIdempotencyMs },
  });
}
