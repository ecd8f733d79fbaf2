import type { BusyBackoffSettings } from "../core/connection-request/busy-backoff.ts";
import type { CrMethod } from "../core/connection-request/cr-methods.ts";
import type { MessageDisposition } from "../core/connection-request/message-disposition.ts";
import { planConnectionRequest } from "../core/connection-request/plan-connection-request.ts";
import { settleDelivery } from "../core/connection-request/settle-delivery.ts";
import type { ConnectionRequestStatus, DeviceRecord } from "../core/model/device.ts";
import type { TaskDefaults } from "../core/model/new-task.ts";
import { assertNever } from "../core/session/assert-never.ts";
import type { CrMessage } from "../messages/connection-request-message.ts";
import type {
  Clock,
  CrCredentialSource,
  CrMetrics,
  DeviceStore,
  IdSource,
  Logger,
  QueueMessage,
} from "../ports.ts";
import {
  MaskedSecretValueError,
  SecretsKeyMissingError,
  type TaskSecrets,
} from "../tasks/task-secrets.ts";
import type { CrRecorder } from "./create-cr-recorder.ts";
import { type DeliveryDeps, deliverInOrder } from "./deliver-connection-request.ts";
import {
  defaultIdempotencyKey,
  type MessageTaskStore,
  type QueuedTask,
  queueMessageTask,
} from "./queue-message-task.ts";

export type WakeMessage = Extract<CrMessage, { action: "connection-request" }>;

/** What waking a device needs; the handler builds it once. */
export interface WakeContext {
  readonly devices: Pick<DeviceStore, "getDevice">;
  readonly tasks: MessageTaskStore;
  readonly ids: Pick<IdSource, "sortableId">;
  readonly taskDefaults: TaskDefaults;
  readonly taskSecrets?: TaskSecrets;
  readonly credentials: CrCredentialSource;
  readonly delivery: DeliveryDeps;
  readonly recorder: CrRecorder;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly metrics: CrMetrics;
  /** A CR delivered less than this long ago is not sent again. */
  readonly dedupWindowMs: number;
  /** The order methods are tried in (ACS_CR_METHODS). */
  readonly methods: readonly CrMethod[];
  readonly busy: BusyBackoffSettings;
  /** Uniform in [0, 1), for back-off jitter. */
  readonly random: () => number;
}

/**
 * One `connection-request` message: plan (expired, skip or send), queue its task, wake the
 * device. Each attempt is recorded through the recorder.
 */
export async function wakeDevice(
  ctx: WakeContext,
  queued: QueueMessage,
  message: WakeMessage,
): Promise<MessageDisposition> {
  const { metrics, logger } = ctx;
  const device = await ctx.devices.getDevice(message.deviceId);
  metrics.count("CrReceived");
  if (device === undefined) return dropUnknownDevice(ctx, queued, message.deviceId);
  const now = ctx.clock.now();
  const plan = planConnectionRequest({
    device,
    notAfter: message.notAfter,
    now,
    dedupWindowMs: ctx.dedupWindowMs,
    methods: ctx.methods,
    // The message's task is queued below on its first receipt; later, the queue says.
    workQueued:
      device.taskQueue.length > 0 || (message.task !== undefined && queued.receiveCount === 1),
    receiveCount: queued.receiveCount,
    maxRechecks: ctx.busy.maxAttempts,
    requestedAt: message.requestedAt,
  });
  // An expired request is dropped whole, task included: whoever set notAfter no longer wants
  // it. A skipped one still queues its task: the device runs it in its current or next session.
  if (plan.kind !== "expired") {
    const task = await queueTask(ctx, queued, message, now);
    if (task?.kind === "unknown-device") return dropUnknownDevice(ctx, queued, message.deviceId);
    if (task?.kind === "refused") return refuseTask(ctx, queued, task.reason);
  }
  switch (plan.kind) {
    case "expired":
      metrics.count("CrExpired");
      logger.info("expired connection request dropped", { deviceId: device.id, ...plan });
      await ctx.recorder.attempt(device.id, {
        at: now,
        method: "none",
        outcome: "expired",
        detail: `notAfter ${new Date(plan.notAfter).toISOString()} passed before sending`,
      });
      return { kind: "delete" };
    case "skip":
      // Logged, not stored: overwriting lastConnectionRequest would erase the delivered
      // record the de-duplication window relies on.
      metrics.count("CrSkipped", { Reason: plan.reason });
      logger.info("connection request skipped", { deviceId: device.id, reason: plan.reason });
      return { kind: "delete" };
    case "recheck":
      // Not stored, as a skip: the delivered record the de-duplication window reads stays.
      metrics.count("CrSkipped", { Reason: "in-session" });
      logger.info("connection request deferred: device in session with work queued", {
        deviceId: device.id,
        delaySeconds: plan.delaySeconds,
      });
      return {
        kind: "retry",
        delaySeconds: plan.delaySeconds,
        reason: "in session; looked at again once its lease has run out",
      };
    case "send":
      return send(ctx, device, message, queued.receiveCount, plan.methods);
    default:
      return assertNever(plan);
  }
}

/** Valid but unactionable: a DLQ entry would not become processable by redriving it. */
function dropUnknownDevice(
  ctx: WakeContext,
  queued: QueueMessage,
  deviceId: string,
): MessageDisposition {
  ctx.metrics.count("CrSkipped", { Reason: "unknown-device" });
  ctx.logger.warn("connection request for an unknown device dropped", {
    messageId: queued.messageId,
    deviceId,
  });
  return { kind: "delete" };
}

/**
 * A task whose secret values cannot be kept sealed (no ACS_SECRETS_KEY, or a masked value) can
 * never be queued from this message: it goes to the DLQ, the wake-up with it.
 */
function refuseTask(ctx: WakeContext, queued: QueueMessage, reason: string): MessageDisposition {
  ctx.metrics.count("CrDeadLettered");
  ctx.logger.warn("connection-request message task refused", {
    messageId: queued.messageId,
    reason,
  });
  return { kind: "dead-letter", reason };
}

/** Queues the message's task before the wake-up, so the session it opens will run it. */
async function queueTask(
  ctx: WakeContext,
  queued: QueueMessage,
  message: WakeMessage,
  now: number,
) {
  if (message.task === undefined) return undefined;
  const idempotencyKey = message.idempotencyKey ?? defaultIdempotencyKey(queued.messageId);
  const deps = { tasks: ctx.tasks, ids: ctx.ids, taskDefaults: ctx.taskDefaults };
  let outcome: QueuedTask;
  try {
    outcome = await queueMessageTask(
      { ...deps, ...(ctx.taskSecrets && { taskSecrets: ctx.taskSecrets }) },
      { deviceId: message.deviceId, spec: message.task, idempotencyKey, now },
    );
  } catch (error) {
    if (error instanceof SecretsKeyMissingError || error instanceof MaskedSecretValueError)
      return { kind: "refused" as const, reason: error.message };
    throw error;
  }
  if (outcome.kind === "unknown-device") return outcome;
  if (outcome.kind === "key-reused") {
    // The producer reused a key for another task: refused like the API's 422, the wake-up stays.
    ctx.logger.warn("task not queued: its idempotency key is bound to another task", {
      messageId: queued.messageId,
      deviceId: message.deviceId,
      boundTaskId: outcome.taskId,
      task: message.task.name,
    });
    return outcome;
  }
  if (outcome.kind === "created") ctx.metrics.count("CrTaskQueued");
  ctx.logger.info(outcome.kind === "created" ? "task queued" : "task already queued", {
    messageId: queued.messageId,
    deviceId: message.deviceId,
    taskId: outcome.task.id,
    task: message.task.name,
  });
  return outcome;
}

/** The methods in order (each fallback recorded as it happens), then the settled record. */
async function send(
  ctx: WakeContext,
  device: DeviceRecord,
  message: WakeMessage,
  receiveCount: number,
  methods: readonly CrMethod[],
): Promise<MessageDisposition> {
  const credentials = ctx.credentials.credentialsFor(device);
  const delivery = await deliverInOrder(ctx.delivery, device, credentials, methods, (fallback) =>
    ctx.recorder.attempt(device.id, fallback),
  );
  const now = ctx.clock.now();
  const { status, disposition } = settleDelivery(delivery, {
    receiveCount,
    notAfter: message.notAfter,
    now,
    busy: ctx.busy,
    random: ctx.random,
  });
  await ctx.recorder.attempt(device.id, status);
  countOutcome(ctx.metrics, status);
  const queuedMs = message.requestedAt === undefined ? {} : { queuedMs: now - message.requestedAt };
  ctx.logger[status.outcome === "delivered" ? "info" : "warn"]("connection request", {
    deviceId: device.id,
    ...status,
    receiveCount,
    ...queuedMs,
  });
  return disposition;
}

function countOutcome(metrics: CrMetrics, status: ConnectionRequestStatus): void {
  if (status.outcome === "delivered" && status.method !== "none") {
    metrics.count("CrDelivered", { Method: status.method });
    if (status.latencyMs !== undefined) metrics.latency(status.method, status.latencyMs);
  } else if (status.outcome === "retry-scheduled") {
    metrics.count("CrRetryScheduled");
  } else {
    metrics.count("CrFailed");
  }
}
