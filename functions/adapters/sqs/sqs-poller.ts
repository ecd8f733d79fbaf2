import { setTimeout as sleep } from "node:timers/promises";
import type { SQSClient } from "@aws-sdk/client-sqs";
import type { MessageDisposition } from "../../core/connection-request/message-disposition.ts";
import type { Clock, Logger, QueueMessage } from "../../ports.ts";
import { PollerOptionsError } from "./errors.ts";
import { createInFlightMessages, type InFlightMessages } from "./in-flight-messages.ts";
import {
  createSqsMessageActions,
  type ReceivedMessage,
  type SqsMessageActions,
} from "./sqs-message-actions.ts";
import { createSqsReceiver, type SqsReceiver } from "./sqs-receiver.ts";

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
  const { logger, concurrency } = options;
  const actions = createSqsMessageActions(options);
  const receiver = createSqsReceiver(options);
  const inFlight = createInFlightMessages(options);
  const stopping = new AbortController();
  let state: PollerState = "idle";
  let loop: Promise<void> = Promise.resolve();
  let stopped: Promise<StopReport> | undefined;

  /** The only writer of `state`. */
  const moveTo = (next: PollerState): void => {
    state = next;
  };
  const running = (): boolean => state === "running";

  const pollLoop = async (): Promise<void> => {
    let failures = 0;
    while (running()) {
      while (running() && inFlight.size >= concurrency) await inFlight.slotFreed();
      if (!running()) break;
      const max = Math.min(options.receiveBatchSize, concurrency - inFlight.size);
      try {
        const messages = await receiver.receive(max);
        failures = 0;
        for (const message of messages) dispatch(message);
      } catch (error) {
        if (!running()) break;
        failures += 1;
        await backOff({ error, failures, logger, signal: stopping.signal });
      }
    }
  };

  /** A message that arrives once stopping began is made visible again at once, not handled. */
  const dispatch = (message: ReceivedMessage): void => {
    const work = running()
      ? processMessage(message, options, actions)
      : actions.changeVisibility(message, 0, "shutting down");
    inFlight.track(message, work);
  };

  return {
    get state() {
      return state;
    },
    get inFlight() {
      return inFlight.size;
    },
    get lastReceiveOkAt() {
      return receiver.lastReceiveOkAt;
    },
    get lastSettledAt() {
      return inFlight.lastSettledAt;
    },
    start() {
      if (state !== "idle") return;
      moveTo("running");
      loop = pollLoop();
    },
    stop(deadlineMs) {
      if (stopped !== undefined) return stopped;
      const wasIdle = state === "idle";
      moveTo("stopping");
      stopping.abort();
      inFlight.wake();
      const report = wasIdle
        ? Promise.resolve({ drained: true, abandoned: 0 })
        : drain({ deadlineMs, loop, inFlight, receiver, logger });
      stopped = report.then((done) => {
        moveTo("stopped");
        return done;
      });
      return stopped;
    },
  };
}

/**
 * Waits up to `deadlineMs` for the poll loop to end and every message in flight to settle;
 * past it, aborts the receive under way and reports what is left running.
 */
async function drain(options: {
  readonly deadlineMs: number;
  readonly loop: Promise<void>;
  readonly inFlight: InFlightMessages;
  readonly receiver: SqsReceiver;
  readonly logger: Logger;
}): Promise<StopReport> {
  const { inFlight, receiver } = options;
  const settled = async () => {
    await options.loop;
    await inFlight.allSettled();
  };
  if (await settlesWithin(options.deadlineMs, settled())) return { drained: true, abandoned: 0 };
  receiver.abortPending();
  const abandoned = inFlight.size;
  options.logger.warn("shutdown deadline passed with messages in flight", { abandoned });
  return { drained: false, abandoned };
}

/** Logs a failed receive, then waits before the next one; stopping (`signal`) cuts it short. */
async function backOff(options: {
  readonly error: unknown;
  /** Receives failed in a row, this one included. */
  readonly failures: number;
  readonly logger: Logger;
  readonly signal: AbortSignal;
}): Promise<void> {
  const { failures, signal } = options;
  options.logger.error("sqs receive failed", {
    error: describe(options.error),
    consecutiveFailures: failures,
  });
  await sleep(Math.min(30_000, 250 * 2 ** failures), undefined, { signal }).catch(() => {});
}

/** True if `work` settles within `ms`; the timer is cleared either way. */
async function settlesWithin(ms: number, work: Promise<unknown>): Promise<boolean> {
  const deadline = new AbortController();
  try {
    return await Promise.race([
      work.then(() => true),
      sleep(ms, false, { signal: deadline.signal }).catch(() => false),
    ]);
  } finally {
    deadline.abort();
  }
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
