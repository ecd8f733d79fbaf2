import { setTimeout as sleep } from "node:timers/promises";
import { type Message, ReceiveMessageCommand, type SQSClient } from "@aws-sdk/client-sqs";
import type { MessageDisposition } from "../../core/connection-request/message-disposition.ts";
import type { Clock, Logger, QueueMessage } from "../../ports.ts";
import { PollerOptionsError } from "./errors.ts";
import {
  createSqsMessageActions,
  type ReceivedMessage,
  type SqsMessageActions,
} from "./sqs-message-actions.ts";

/** Where and how to poll; the sender's configuration carries these. */
export interface SqsPollSettings {
  readonly queueUrl: string;
  readonly dlqUrl: string;
  /** Messages handled at once. */
  readonly concurrency: number;
  /** MaxNumberOfMessages per receive (1..10); use 1 against local-aws-sqs (see README). */
  readonly receiveBatchSize: number;
  /** Long-poll wait (0..20 s). */
  readonly waitTimeSeconds: number;
  /** Visibility given at receive and renewed by each heartbeat. */
  readonly visibilityTimeoutSeconds: number;
  /** Keep it well below the visibility timeout (a third of it, say). */
  readonly heartbeatIntervalSeconds: number;
  /** Visibility after the handler threw (e.g. DynamoDB unavailable). */
  readonly errorRetrySeconds: number;
}

export interface SqsPollerOptions extends SqsPollSettings {
  readonly client: Pick<SQSClient, "send">;
  readonly handle: (message: QueueMessage) => Promise<MessageDisposition>;
  readonly logger: Logger;
  readonly clock: Clock;
}

export type PollerState = "idle" | "running" | "stopping" | "stopped";

export interface StopReport {
  /** Every in-flight message was settled before the deadline. */
  readonly drained: boolean;
  /**
   * Messages still being handled at the deadline. They keep running (and are settled) while
   * the process lives; if it exits, they reappear after their visibility timeout.
   */
  readonly abandoned: number;
}

export interface SqsPoller {
  readonly state: PollerState;
  readonly inFlight: number;
  /** Clock time of the last successful ReceiveMessage. */
  readonly lastReceiveOkAt: number | undefined;
  /** Clock time a message was last settled (a saturated poller does not receive meanwhile). */
  readonly lastSettledAt: number | undefined;
  start(): void;
  /** Stops receiving, waits up to `deadlineMs` for in-flight messages; idempotent. */
  stop(deadlineMs: number): Promise<StopReport>;
}

/**
 * Long-polls SQS and handles up to `concurrency` messages at once, each with a visibility
 * heartbeat, deleting a message only after the handler has recorded its outcome.
 */
export function createSqsPoller(options: SqsPollerOptions): SqsPoller {
  checkOptions(options);
  const { logger, clock } = options;
  const actions = createSqsMessageActions(options);
  const inFlight = new Map<string, Promise<void>>();
  const stopping = new AbortController();
  let pollAbort: AbortController | undefined;
  let state: PollerState = "idle";
  let lastReceiveOkAt: number | undefined;
  let lastSettledAt: number | undefined;
  let loop: Promise<void> = Promise.resolve();
  let stopped: Promise<StopReport> | undefined;
  let slotFreed: (() => void) | undefined;

  const waitForSlot = async (): Promise<void> => {
    while (state === "running" && inFlight.size >= options.concurrency) {
      await new Promise<void>((resolve) => {
        slotFreed = resolve;
      });
    }
  };
  const freeSlot = (): void => {
    slotFreed?.();
    slotFreed = undefined;
  };

  const track = (message: ReceivedMessage, work: Promise<void>): void => {
    const key = message.receiptHandle;
    inFlight.set(
      key,
      work.finally(() => {
        lastSettledAt = clock.now();
        inFlight.delete(key);
        freeSlot();
      }),
    );
  };

  const pollLoop = async (): Promise<void> => {
    let failures = 0;
    while (state === "running") {
      await waitForSlot();
      if (state !== "running") break;
      const max = Math.min(options.receiveBatchSize, options.concurrency - inFlight.size);
      try {
        const messages = await receive(max);
        lastReceiveOkAt = clock.now();
        failures = 0;
        for (const message of messages) dispatch(message);
      } catch (error) {
        if (state !== "running") break;
        failures += 1;
        logger.error("sqs receive failed", {
          error: describe(error),
          consecutiveFailures: failures,
        });
        await sleep(Math.min(30_000, 250 * 2 ** failures), undefined, {
          signal: stopping.signal,
        }).catch(() => {});
      }
    }
  };

  const receive = async (max: number): Promise<ReceivedMessage[]> => {
    pollAbort = new AbortController();
    const output = await options.client.send(
      new ReceiveMessageCommand({
        QueueUrl: options.queueUrl,
        MaxNumberOfMessages: max,
        WaitTimeSeconds: options.waitTimeSeconds,
        VisibilityTimeout: options.visibilityTimeoutSeconds,
        MessageSystemAttributeNames: ["ApproximateReceiveCount"],
        // local-aws-sqs returns the receive count only for the older parameter.
        AttributeNames: ["All"],
      }),
      { abortSignal: pollAbort.signal },
    );
    return (output.Messages ?? []).flatMap((raw) => toReceived(raw, logger));
  };

  /** A message that arrives once stopping began is made visible again at once, not handled. */
  const dispatch = (message: ReceivedMessage): void => {
    if (state !== "running") {
      track(message, actions.changeVisibility(message, 0, "shutting down"));
      return;
    }
    track(message, processMessage(message, options, actions));
  };

  const drain = async (deadlineMs: number): Promise<StopReport> => {
    const deadline = new AbortController();
    const everything = async () => {
      await loop;
      while (inFlight.size > 0) await Promise.all(inFlight.values());
    };
    const drained = await Promise.race([
      everything().then(() => true),
      sleep(deadlineMs, false, { signal: deadline.signal }).catch(() => false),
    ]);
    deadline.abort();
    if (drained) return { drained: true, abandoned: 0 };
    pollAbort?.abort();
    const abandoned = inFlight.size;
    logger.warn("shutdown deadline passed with messages in flight", { abandoned });
    return { drained: false, abandoned };
  };

  return {
    get state() {
      return state;
    },
    get inFlight() {
      return inFlight.size;
    },
    get lastReceiveOkAt() {
      return lastReceiveOkAt;
    },
    get lastSettledAt() {
      return lastSettledAt;
    },
    start() {
      if (state !== "idle") return;
      state = "running";
      loop = pollLoop();
    },
    stop(deadlineMs) {
      if (stopped !== undefined) return stopped;
      const wasIdle = state === "idle";
      state = "stopping";
      stopping.abort();
      freeSlot();
      stopped = (
        wasIdle ? Promise.resolve({ drained: true, abandoned: 0 }) : drain(deadlineMs)
      ).then((report) => {
        state = "stopped";
        return report;
      });
      return stopped;
    },
  };
}

/** Runs the handler with a heartbeat, then settles; never rejects. */
async function processMessage(
  message: ReceivedMessage,
  options: SqsPollerOptions,
  actions: SqsMessageActions,
): Promise<void> {
  let beat: Promise<void> = Promise.resolve();
  const heartbeat = setInterval(() => {
    beat = actions.changeVisibility(message, options.visibilityTimeoutSeconds, "heartbeat");
  }, options.heartbeatIntervalSeconds * 1000);
  let disposition: MessageDisposition;
  try {
    disposition = await options.handle(message);
  } catch (error) {
    options.logger.error("connection-request handler failed; message will be retried", {
      messageId: message.messageId,
      error: describe(error),
    });
    disposition = {
      kind: "retry",
      delaySeconds: options.errorRetrySeconds,
      reason: "handler error",
    };
  } finally {
    clearInterval(heartbeat);
  }
  await beat; // a heartbeat landing after a retry delay would undo it
  await actions.settle(message, disposition);
}

function toReceived(raw: Message, logger: Logger): ReceivedMessage[] {
  if (raw.ReceiptHandle === undefined || raw.MessageId === undefined) {
    logger.error("sqs message without id or receipt handle ignored", {});
    return [];
  }
  const count = Number(raw.Attributes?.ApproximateReceiveCount);
  return [
    {
      messageId: raw.MessageId,
      receiptHandle: raw.ReceiptHandle,
      body: raw.Body ?? "",
      receiveCount: Number.isInteger(count) && count > 0 ? count : 1,
    },
  ];
}

function checkOptions(options: SqsPollerOptions): void {
  const positive = ["concurrency", "heartbeatIntervalSeconds", "visibilityTimeoutSeconds"] as const;
  for (const name of positive) {
    if (!(options[name] > 0)) throw new PollerOptionsError(name, "must be > 0");
  }
  if (!(options.receiveBatchSize >= 1 && options.receiveBatchSize <= 10)) {
    throw new PollerOptionsError("receiveBatchSize", "must be 1..10 (SQS limit)");
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
