import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { CreateQueueCommand, SQSClient } from "@aws-sdk/client-sqs";
import { createSqsServer } from "local-aws-sqs";
import { LocalSqsStartError } from "./errors.ts";

export interface LocalSqs {
  /** http://127.0.0.1:PORT */
  readonly endpoint: string;
  readonly queueUrl: string;
  readonly dlqUrl: string;
  /** A client for the endpoint (dummy credentials); stop() destroys it. */
  readonly client: SQSClient;
  /**
   * Poller settings that keep local latency low: local-aws-sqs waits the whole WaitTimeSeconds
   * whenever MaxNumberOfMessages > 1, even with messages ready, so receive one at a time.
   */
  readonly pollSettings: { readonly receiveBatchSize: 1; readonly waitTimeSeconds: number };
  stop(): Promise<void>;
}

export interface LocalSqsOptions {
  /** @default 0 (a free port) */
  readonly port?: number;
  /** @default "acs-connection-requests" */
  readonly queueName?: string;
  /** @default 30 */
  readonly visibilityTimeoutSeconds?: number;
}

/** Builds an SQS client for a local endpoint; nothing leaves loopback. */
export function localSqsClient(endpoint: string): SQSClient {
  return new SQSClient({
    endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
}

/**
 * An in-process local-aws-sqs on 127.0.0.1 with the connection-request queue and its DLQ, for
 * the local ACS and the tests. No redrive policy: local-aws-sqs counts every
 * ChangeMessageVisibility (our heartbeat) as a receive, so a maxReceiveCount would move
 * healthy slow messages; the service dead-letters invalid messages itself.
 */
export async function startLocalSqs(options: LocalSqsOptions = {}): Promise<LocalSqs> {
  const server: Server = await createSqsServer({
    port: options.port ?? 0,
    hostname: "127.0.0.1",
    emulateQueueCreationLifecycle: false,
  });
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  const client = localSqsClient(endpoint);
  const stop = async () => {
    client.destroy();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  try {
    const name = options.queueName ?? "acs-connection-requests";
    const dlq = await client.send(new CreateQueueCommand({ QueueName: `${name}-dlq` }));
    const queue = await client.send(
      new CreateQueueCommand({
        QueueName: name,
        Attributes: { VisibilityTimeout: String(options.visibilityTimeoutSeconds ?? 30) },
      }),
    );
    if (queue.QueueUrl === undefined || dlq.QueueUrl === undefined) {
      throw new LocalSqsStartError("CreateQueue returned no queue URL");
    }
    return {
      endpoint,
      queueUrl: queue.QueueUrl,
      dlqUrl: dlq.QueueUrl,
      client,
      pollSettings: { receiveBatchSize: 1, waitTimeSeconds: 1 },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
