import { newTask, type TaskDefaults, type TaskOrigin } from "../core/model/new-task.ts";
import type { TaskRecord, TaskSpec } from "../core/model/task.ts";
import { contentHash } from "../core/provisioning/profile-hash.ts";
import { DeviceNotFoundError, TaskConflictError } from "../port-errors.ts";
import type { IdSource, TaskStore } from "../ports.ts";
import { fingerprintTaskSecrets, sealTaskSecrets, type TaskSecrets } from "./task-secrets.ts";

/** What queueing needs: the task store, task ids and the configured defaults. */
export interface QueueTaskDeps {
  readonly tasks: Pick<
    TaskStore,
    "createTask" | "ensureQueued" | "getTask" | "claimIdempotencyKey" | "releaseIdempotencyKey"
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
  /**
   * The task's id, chosen by the caller (e.g. a diagnostic's record names its task and is
   * written first, so a session that runs the task at once finds it). @default a new sortable id
   */
  readonly taskId?: string;
}

export type QueuedTask =
  /** Created now. */
  | { readonly kind: "created"; readonly task: TaskRecord }
  /** The key was bound to this task already (a retried request, a redelivered message). */
  | { readonly kind: "replayed"; readonly task: TaskRecord }
  /** The key is bound to another request (other device or task spec): nothing was queued. */
  | { readonly kind: "key-reused"; readonly taskId: string }
  /** No such device (or deleted meanwhile): nothing was left behind, the key is free again. */
  | { readonly kind: "unknown-device" };

/**
 * Queues one pending task, exactly once per live idempotency key.
 *
 * The key's binding fixes the task id and a hash of the request before the task exists, and
 * creating a task id is a conditional write. So whoever finds the key bound but its task
 * missing (a concurrent request still creating it, or a claimer that crashed in between)
 * creates that same id, and whoever loses that race reads the winner's task: every request
 * with the key answers with one task. A binding is kept after a failed creation (the write
 * may have happened), so the retry creates the bound id at most once; only an unknown
 * device, which leaves nothing behind, frees the key. A key bound to another request is
 * refused, never replayed (draft-ietf-httpapi-idempotency-key-header, section 2.7).
 *
 * Why not Powertools Idempotency (@aws-lambda-powertools/idempotency 2.35.0,
 * DynamoDBPersistenceLayer on this table: keyAttr pk, sortKeyAttr sk, staticPkValue IDEM),
 * measured against dynalite: it works there, 20 concurrent calls with one key created one
 * task (14 replays, 6 IdempotencyAlreadyInProgressError) and a changed payload threw
 * IdempotencyValidationError. But it stores the result only after the function returns:
 * a creation that failed after its write (a timeout) deleted the in-progress record and
 * the retry created a second task; with a Lambda context, a crash after the write left a
 * record whose in-progress expiry let the retry create a second task as well; outside
 * Lambda (local ACS, the sender, campaigns) a crash left the record INPROGRESS without an
 * in-progress expiry, so every retry was refused for the key's whole lifetime (24 h for the
 * API). Its conditions also read Date.now(), not the injected clock.
 */
export async function queueTask(deps: QueueTaskDeps, request: TaskRequest): Promise<QueuedTask> {
  const { deviceId, now, idempotency } = request;
  const task = newTask({
    id: request.taskId ?? deps.ids.sortableId(now),
    deviceId,
    spec: sealTaskSecrets(deps.taskSecrets, request.spec),
    now,
    defaults: deps.taskDefaults,
    ...(idempotency && { idempotencyKey: idempotency.key }),
    ...(request.origin && { origin: request.origin }),
  });
  if (!idempotency) return createOnce(deps, task);
  const requestHash = taskRequestHash(
    deviceId,
    fingerprintTaskSecrets(deps.taskSecrets, request.spec),
  );
  const bound = await deps.tasks.claimIdempotencyKey({
    deviceId,
    key: idempotency.key,
    taskId: task.id,
    requestHash,
    now,
    expiresAt: now + idempotency.forMs,
  });
  if (bound === undefined) return createOnce(deps, task, idempotency.key);
  if (bound.requestHash !== undefined && bound.requestHash !== requestHash) {
    return { kind: "key-reused", taskId: bound.taskId };
  }
  const first = await deps.tasks.getTask(bound.taskId);
  if (first) return replayed(deps, first);
  return createOnce(deps, { ...task, id: bound.taskId }, idempotency.key);
}

/** The request a key stands for: the device and the task spec, canonical (keys sorted). */
export function taskRequestHash(deviceId: string, spec: TaskSpec): string {
  return contentHash({ deviceId, spec });
}

/** Creates the task; an id created meanwhile by a request with the same key is replayed. */
/**
 * The first task of a key. A creation cut short after the task item, before its queue entry,
 * would leave it pending and never run: a replay puts it in the queue (a no-op when there).
 */
async function replayed(deps: QueueTaskDeps, task: TaskRecord): Promise<QueuedTask> {
  if (task.status === "pending") await deps.tasks.ensureQueued(task);
  return { kind: "replayed", task };
}

async function createOnce(
  deps: QueueTaskDeps,
  task: TaskRecord,
  key?: string,
): Promise<QueuedTask> {
  try {
    await deps.tasks.createTask(task);
    return { kind: "created", task };
  } catch (error) {
    const existing =
      key !== undefined && error instanceof TaskConflictError
        ? await deps.tasks.getTask(task.id)
        : undefined;
    if (existing) return replayed(deps, existing);
    if (!(error instanceof DeviceNotFoundError)) throw error;
    if (key !== undefined) await deps.tasks.releaseIdempotencyKey(task.deviceId, key);
    return { kind: "unknown-device" };
  }
}
