import {
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  SendMessageCommand,
} from "@aws-sdk/client-sqs";
import { createStaticCrCredentials } from "../../functions/adapters/credentials/static-cr-credentials.ts";
import { createMemoryStores } from "../../functions/adapters/memory/index.ts";
import { type LocalSqs, startLocalSqs } from "../../functions/adapters/sqs/local-sqs.ts";
import {
  type ConnectionRequestService,
  type ConnectionRequestServiceDeps,
  createConnectionRequestService,
} from "../../functions/app/create-connection-request-service.ts";
import type { ConnectionRequestServiceConfig } from "../../functions/config/sender-settings.ts";
import { builtInTaskDefaults } from "../../functions/config/task-defaults.ts";
import type { DeviceStore, TaskStore } from "../../functions/ports.ts";
import { fakeHttp, recordingLogger, recordingMetrics } from "./fixtures.ts";

/** A promise the test opens when it wants: holds a slow connection request in flight. */
export interface Gate {
  readonly waiting: number;
  wait(): Promise<void>;
  open(): void;
}

export function createGate(): Gate {
  let release!: () => void;
  const opened = new Promise<void>((resolve) => {
    release = resolve;
  });
  let waiting = 0;
  return {
    get waiting() {
      return waiting;
    },
    async wait() {
      waiting += 1;
      await opened;
    },
    open: () => release(),
  };
}

export interface Harness {
  readonly sqs: LocalSqs;
  readonly devices: DeviceStore;
  readonly tasks: TaskStore;
  readonly service: ConnectionRequestService;
  readonly logger: ReturnType<typeof recordingLogger>;
  readonly metrics: ReturnType<typeof recordingMetrics>;
  send(body: unknown): Promise<void>;
  /** Visible + in-flight + delayed messages of a queue. */
  queueDepth(queueUrl?: string): Promise<number>;
  stop(): Promise<void>;
}

export function serviceConfig(sqs: LocalSqs): ConnectionRequestServiceConfig {
  return {
    queueUrl: sqs.queueUrl,
    dlqUrl: sqs.dlqUrl,
    concurrency: 4,
    ...sqs.pollSettings,
    visibilityTimeoutSeconds: 30,
    heartbeatIntervalSeconds: 10,
    errorRetrySeconds: 1,
    dedupWindowMs: 10_000,
    xmppTimeoutMs: 1_000,
    busy: { maxAttempts: 3, baseSeconds: 1, maxSeconds: 2 },
    healthStaleMs: 60_000,
  };
}

/**
 * The service on memory stores and a fresh local-aws-sqs; `overrides` replace any dependency
 * (pass `devices` and `tasks` together when they must share a table other than memory).
 */
export async function startHarness(
  overrides: Partial<Omit<ConnectionRequestServiceDeps, "config" | "sqs" | "devices" | "tasks">> & {
    readonly devices?: DeviceStore;
    readonly tasks?: TaskStore;
    readonly config?: Partial<ConnectionRequestServiceConfig>;
  } = {},
): Promise<Harness> {
  const sqs = await startLocalSqs();
  const memory = createMemoryStores();
  const devices = overrides.devices ?? memory.devices;
  const tasks = overrides.tasks ?? memory.tasks;
  const logger = recordingLogger();
  const metrics = recordingMetrics();
  const service = createOrStop(sqs, () =>
    createConnectionRequestService({
      credentials: createStaticCrCredentials({ username: "crUser", password: "crPass" }),
      xmpp: undefined,
      sendHttp: fakeHttp(),
      clock: { now: Date.now },
      taskDefaults: builtInTaskDefaults,
      logger,
      metrics,
      ...overrides,
      devices,
      tasks,
      sqs: sqs.client,
      config: { ...serviceConfig(sqs), ...overrides.config },
    }),
  );
  await service.start();
  const queueDepth = async (queueUrl = sqs.queueUrl) => {
    const { Attributes = {} } = await sqs.client.send(
      new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ["All"] }),
    );
    return (
      Number(Attributes.ApproximateNumberOfMessages ?? 0) +
      Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0) +
      Number(Attributes.ApproximateNumberOfMessagesDelayed ?? 0)
    );
  };
  return {
    sqs,
    devices,
    tasks,
    service,
    logger,
    metrics,
    queueDepth,
    async send(body) {
      await sqs.client.send(
        new SendMessageCommand({
          QueueUrl: sqs.queueUrl,
          MessageBody: typeof body === "string" ? body : JSON.stringify(body),
        }),
      );
    },
    async stop() {
      await service.stop(5_000);
      await sqs.stop();
    },
  };
}

/** One receive on the DLQ, with message attributes. */
export async function receiveDeadLetters(sqs: LocalSqs): Promise<Message[]> {
  const output = await sqs.client.send(
    new ReceiveMessageCommand({
      QueueUrl: sqs.dlqUrl,
      MaxNumberOfMessages: 1,
      WaitTimeSeconds: 1,
      MessageAttributeNames: ["All"],
    }),
  );
  return output.Messages ?? [];
}

/** Stops the local SQS server when building the service throws, so no server outlives a test. */
function createOrStop<T>(sqs: LocalSqs, build: () => T): T {
  try {
    return build();
  } catch (error) {
    void sqs.stop();
    throw error;
  }
}
