import { type Message, ReceiveMessageCommand, type SQSClient } from "@aws-sdk/client-sqs";
import type { Clock, Logger } from "../../ports.ts";
import type { ReceivedMessage } from "./sqs-message-actions.ts";

export interface SqsReceiver {
  /** Clock time of the last successful ReceiveMessage. */
  readonly lastReceiveOkAt: number | undefined;
  /** One long-poll of up to `max` messages; rejects if SQS fails or the receive is aborted. */
  receive(max: number): Promise<ReceivedMessage[]>;
  /** Aborts the long-poll under way, if any (a no-op between receives). */
  abortPending(): void;
}

/**
 * Long-polls one queue. The receive under way is tracked so a shutdown can abort it, and is
 * forgotten on every path once it settles.
 */
export function createSqsReceiver(options: {
  readonly client: Pick<SQSClient, "send">;
  readonly queueUrl: string;
  readonly waitTimeSeconds: number;
  readonly visibilityTimeoutSeconds: number;
  readonly logger: Logger;
  readonly clock: Clock;
}): SqsReceiver {
  const { client, logger, clock } = options;
  let pending: AbortController | undefined;
  let lastReceiveOkAt: number | undefined;

  return {
    get lastReceiveOkAt() {
      return lastReceiveOkAt;
    },
    async receive(max) {
      const abort = new AbortController();
      pending = abort;
      try {
        const output = await client.send(
          new ReceiveMessageCommand({
            QueueUrl: options.queueUrl,
            MaxNumberOfMessages: max,
            WaitTimeSeconds: options.waitTimeSeconds,
            VisibilityTimeout: options.visibilityTimeoutSeconds,
            MessageSystemAttributeNames: ["ApproximateReceiveCount"],
            // local-aws-sqs returns the receive count only for the older parameter.
            AttributeNames: ["All"],
          }),
          { abortSignal: abort.signal },
        );
        lastReceiveOkAt = clock.now();
        return (output.Messages ?? []).flatMap((raw) => toReceived(raw, logger));
      } finally {
        if (pending === abort) pending = undefined;
      }
    },
    abortPending() {
      pending?.abort();
    },
  };
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
