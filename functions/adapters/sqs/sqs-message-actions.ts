import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  SendMessageCommand,
  type SQSClient,
} from "@aws-sdk/client-sqs";
import type { MessageDisposition } from "../../core/connection-request/message-disposition.ts";
import { assertNever } from "../../core/session/assert-never.ts";
import type { Logger } from "../../ports.ts";

/** A received message: what the handler sees plus the receipt handle to act on it. */
export interface ReceivedMessage {
  readonly messageId: string;
  readonly receiptHandle: string;
  readonly body: string;
  readonly receiveCount: number;
}

export interface SqsMessageActions {
  /** Never throws: a failure is logged and the message reappears after its visibility. */
  changeVisibility(message: ReceivedMessage, seconds: number, why: string): Promise<void>;
  /** Applies the handler's disposition; never throws (failures are logged). */
  settle(message: ReceivedMessage, disposition: MessageDisposition): Promise<void>;
}

/** SQS calls on one message, each failure logged with the message id (never the body). */
export function createSqsMessageActions(options: {
  readonly client: Pick<SQSClient, "send">;
  readonly queueUrl: string;
  readonly dlqUrl: string;
  readonly logger: Logger;
}): SqsMessageActions {
  const { client, queueUrl, dlqUrl, logger } = options;
  const failed = (action: string, message: ReceivedMessage, error: unknown) =>
    logger.error(`sqs ${action} failed`, {
      messageId: message.messageId,
      error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    });

  const remove = async (message: ReceivedMessage): Promise<boolean> => {
    try {
      await client.send(
        new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.receiptHandle }),
      );
      return true;
    } catch (error) {
      failed("delete", message, error);
      return false;
    }
  };

  const changeVisibility = async (message: ReceivedMessage, seconds: number, why: string) => {
    try {
      await client.send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: queueUrl,
          ReceiptHandle: message.receiptHandle,
          VisibilityTimeout: seconds,
        }),
      );
    } catch (error) {
      failed(`change visibility (${why})`, message, error);
    }
  };

  /** Copy to the DLQ with the reason, then delete; if the copy fails the original stays. */
  const deadLetter = async (message: ReceivedMessage, reason: string) => {
    try {
      await client.send(
        new SendMessageCommand({
          QueueUrl: dlqUrl,
          // SQS refuses an empty body; an empty original is itself the reason.
          MessageBody: message.body === "" ? "(empty message body)" : message.body,
          MessageAttributes: {
            reason: { DataType: "String", StringValue: reason.slice(0, 1000) },
            sourceMessageId: { DataType: "String", StringValue: message.messageId },
            receiveCount: { DataType: "Number", StringValue: String(message.receiveCount) },
          },
        }),
      );
    } catch (error) {
      failed("send to dead-letter queue", message, error);
      return;
    }
    await remove(message);
  };

  return {
    changeVisibility,
    async settle(message, disposition) {
      switch (disposition.kind) {
        case "delete":
          await remove(message);
          return;
        case "dead-letter":
          await deadLetter(message, disposition.reason);
          return;
        case "retry":
          await changeVisibility(message, disposition.delaySeconds, disposition.reason);
          return;
        default:
          assertNever(disposition);
      }
    },
  };
}
