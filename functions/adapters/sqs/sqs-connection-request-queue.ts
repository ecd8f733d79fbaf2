import { SendMessageCommand, type SQSClient } from "@aws-sdk/client-sqs";
import { StoreUnavailableError } from "../../port-errors.ts";
import type { ConnectionRequestQueue } from "../../ports.ts";

/** Sends connection-request messages to the sender's SQS queue (schema: connection-request-service/README.md). */
export function createSqsConnectionRequestQueue(options: {
  readonly client: SQSClient;
  readonly queueUrl: string;
}): ConnectionRequestQueue {
  return {
    send: async (message) => {
      try {
        await options.client.send(
          new SendMessageCommand({
            QueueUrl: options.queueUrl,
            MessageBody: JSON.stringify(message),
          }),
        );
      } catch (error) {
        throw new StoreUnavailableError("connection-request queue unavailable", { cause: error });
      }
    },
  };
}
