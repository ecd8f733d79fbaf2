import { createRandomIdSource } from "../adapters/random-id-source.ts";
import type { ConnectionRequestStatus, DeviceRecord } from "../core/model/device.ts";
import type { TaskDefaults } from "../core/model/new-task.ts";
import { DeviceNotFoundError } from "../port-errors.ts";
import type { Clock, DeviceStore, IdSource, Logger, SecretSealer } from "../ports.ts";
import type { BusyBackoffSettings } from "./busy-backoff.ts";
import { type CrMessage, parseCrMessage } from "./cr-message.ts";
import { createXmppAccount } from "./create-xmpp-account.ts";
import { deliverConnectionRequest } from "./deliver-connection-request.ts";
import { InvalidCrMessageError } from "./errors.ts";
import { planConnectionRequest } from "./plan-connection-request.ts";
import {
  defaultIdempotencyKey,
  type MessageTaskStore,
  type QueuedTask,
  queueMessageTask,
} from "./queue-message-task.ts";
import { settleDelivery } from "./settle-delivery.ts";
import type {
  CrCredentialSource,
  CrMetrics,
  HttpCrSender,
  MessageDisposition,
  QueueMessage,
  XmppAccountCreator,
  XmppCrSender,
} from "./types.ts";

export interface CrHandlerSettings {
  /** A CR delivered less than this long ago is not sent again. */
  readonly dedupWindowMs: number;
  readonly xmppTimeoutMs: number;
  readonly busy: BusyBackoffSettings;
}

export interface CrHandlerDeps {
  readonly devices: Pick<
    DeviceStore,
    "getDevice" | "recordConnectionRequest" | "recordXmppAccount"
  >;
  /** Queues the task a message may carry (same table as `devices`). */
  readonly tasks: MessageTaskStore;
  /** Task ids. @default createRandomIdSource() */
  readonly ids?: Pick<IdSource, "sortableId">;
  /** Lifetime and attempts of the tasks messages carry (config/task-defaults.ts). */
  readonly taskDefaults: TaskDefaults;
  readonly credentials: CrCredentialSource;
  /** Undefined when XMPP is not configured. */
  readonly xmpp: XmppCrSender | undefined;
  /** Creates CPE accounts (XEP-0133); undefined without an XMPP session. */
  readonly accounts?: XmppAccountCreator;
  /** Opens sealed per-device secrets (ACS_SECRETS_KEY); undefined when not configured. */
  readonly sealer?: SecretSealer;
  readonly sendHttp: HttpCrSender;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly metrics: CrMetrics;
  readonly settings: CrHandlerSettings;
  /** Uniform in [0, 1), for back-off jitter. @default Math.random */
  readonly random?: () => number;
}

export type CrMessageHandler = (message: QueueMessage) => Promise<MessageDisposition>;

/**
 * Handles one queue message end to end and says what to do with it. Expected failures become
 * a disposition; store failures throw (the poller then retries the message later).
 */
export function createCrMessageHandler(deps: CrHandlerDeps): CrMessageHandler {
  const { logger, metrics, clock } = deps;
  const random = deps.random ?? Math.random;
  const ids = deps.ids ?? createRandomIdSource();

  /** Valid but unactionable: a DLQ entry would not become processable by redriving it. */
  const dropUnknownDevice = (queued: QueueMessage, deviceId: string): MessageDisposition => {
    metrics.count("CrSkipped", { Reason: "unknown-device" });
    logger.warn("connection request for an unknown device dropped", {
      messageId: queued.messageId,
      deviceId,
    });
    return { kind: "delete" };
  };

  /** Queues the message's task before the wake-up, so the session it opens will run it. */
  const queueTask = async (
    queued: QueueMessage,
    message: CrMessage,
    now: number,
  ): Promise<QueuedTask | undefined> => {
    if (message.task === undefined) return undefined;
    const idempotencyKey = message.idempotencyKey ?? defaultIdempotencyKey(queued.messageId);
    const outcome = await queueMessageTask(
      { tasks: deps.tasks, ids, taskDefaults: deps.taskDefaults },
      { deviceId: message.deviceId, spec: message.task, idempotencyKey, now },
    );
    if (outcome.kind === "unknown-device") return outcome;
    if (outcome.kind === "created") metrics.count("CrTaskQueued");
    logger.info(outcome.kind === "created" ? "task queued" : "task already queued", {
      messageId: queued.messageId,
      deviceId: message.deviceId,
      taskId: outcome.task.id,
      task: message.task.name,
    });
    return outcome;
  };

  /** Records one attempt; a device deleted meanwhile leaves nothing to record on. */
  const record = async (deviceId: string, status: ConnectionRequestStatus): Promise<void> => {
    try {
      await deps.devices.recordConnectionRequest(deviceId, status);
    } catch (error) {
      if (!(error instanceof DeviceNotFoundError)) throw error;
      logger.warn("device deleted before its connection request was recorded", { deviceId });
    }
  };

  const send = async (device: DeviceRecord, message: CrMessage, receiveCount: number) => {
    const delivery = await deliverConnectionRequest(
      { ...deps, xmppTimeoutMs: deps.settings.xmppTimeoutMs, record: (s) => record(device.id, s) },
      device,
      deps.credentials.credentialsFor(device),
    );
    const now = clock.now();
    const { status, disposition } = settleDelivery(delivery, {
      receiveCount,
      notAfter: message.notAfter,
      now,
      busy: deps.settings.busy,
      random,
    });
    await record(device.id, status);
    countOutcome(metrics, status);
    const level = status.outcome === "delivered" ? "info" : "warn";
    const queuedMs =
      message.requestedAt === undefined ? {} : { queuedMs: now - message.requestedAt };
    logger[level]("connection request", {
      deviceId: device.id,
      ...status,
      receiveCount,
      ...queuedMs,
    });
    return disposition;
  };

  return async (queued) => {
    let message: CrMessage;
    try {
      message = parseCrMessage(queued.body);
    } catch (error) {
      if (!(error instanceof InvalidCrMessageError)) throw error;
      metrics.count("CrDeadLettered");
      logger.warn("invalid connection-request message", {
        messageId: queued.messageId,
        reason: error.reason,
      });
      return { kind: "dead-letter", reason: error.reason };
    }
    const device = await deps.devices.getDevice(message.deviceId);
    if (message.action === "create-xmpp-account") {
      if (device === undefined) return { kind: "delete" };
      return createXmppAccount(
        {
          accounts: deps.accounts,
          sealer: deps.sealer,
          record: (status) => deps.devices.recordXmppAccount(device.id, status),
          clock,
          logger,
          metrics,
          timeoutMs: deps.settings.xmppTimeoutMs,
        },
        device,
      );
    }
    metrics.count("CrReceived");
    if (device === undefined) return dropUnknownDevice(queued, message.deviceId);
    const now = clock.now();
    const plan = planConnectionRequest({
      device,
      message,
      now,
      dedupWindowMs: deps.settings.dedupWindowMs,
    });
    // An expired request is dropped whole, task included: whoever set notAfter no longer wants
    // it. A skipped one still queues its task: the device runs it in its current or next session.
    if (plan.kind !== "expired") {
      const task = await queueTask(queued, message, now);
      if (task?.kind === "unknown-device") return dropUnknownDevice(queued, message.deviceId);
    }
    switch (plan.kind) {
      case "expired":
        metrics.count("CrExpired");
        logger.info("expired connection request dropped", { deviceId: device.id, ...plan });
        await record(device.id, {
          at: now,
          method: "none",
          outcome: "expired",
          detail: expiry(plan.notAfter),
        });
        return { kind: "delete" };
      case "skip":
        // Logged, not stored: overwriting lastConnectionRequest would erase the delivered
        // record the de-duplication window relies on.
        metrics.count("CrSkipped", { Reason: plan.reason });
        logger.info("connection request skipped", { deviceId: device.id, reason: plan.reason });
        return { kind: "delete" };
      case "send":
        return send(device, message, queued.receiveCount);
      default:
        return assertNever(plan);
    }
  };
}

function expiry(notAfter: number): string {
  return `notAfter ${new Date(notAfter).toISOString()} passed before sending`;
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

function assertNever(value: never): never {
  throw new Error(`unexpected value: ${JSON.stringify(value)}`);
}
