import { setTimeout as sleep } from "node:timers/promises";
import { SendMessageBatchCommand, type SQSClient } from "@aws-sdk/client-sqs";
import type { ConnectionRequestServiceConfig } from "../functions/config/sender-settings.ts";
import { benchBusySettings, type SenderRig } from "./sender-rig.ts";

/** One end-to-end run: messages preloaded in local-aws-sqs, then the real service drains them. */
export interface E2eResult {
  readonly messages: number;
  /** Messages whose outcome was recorded before the budget ran out. */
  readonly recorded: number;
  /** Outcomes by `method:outcome`. */
  readonly outcomes: Record<string, number>;
  /** From service start to the last recorded outcome. */
  readonly elapsedMs: number;
  /** Per message: handler read the device (just after ReceiveMessage) -> outcome recorded. */
  readonly latenciesMs: number[];
  readonly cpuUs: number;
}

export interface E2eOptions {
  readonly rig: SenderRig;
  readonly client: SQSClient;
  readonly queueUrl: string;
  readonly dlqUrl: string;
  /** Device ids, one message each (distinct: latency is matched by device id). */
  readonly deviceIds: readonly string[];
  readonly concurrency: number;
  readonly receiveBatchSize: number;
  readonly waitTimeSeconds: number;
  readonly xmppTimeoutMs: number;
  readonly budgetMs: number;
  /** Called as each outcome is recorded, ok when it is the expected xmpp:delivered. */
  readonly onRecorded?: (ok: boolean) => void;
}

/** SendMessageBatch, 10 per call, 8 calls at a time (before the clock starts). */
async function preload(options: E2eOptions): Promise<void> {
  const batches: string[][] = [];
  for (let first = 0; first < options.deviceIds.length; first += 10) {
    batches.push(options.deviceIds.slice(first, first + 10) as string[]);
  }
  let next = 0;
  const worker = async () => {
    while (next < batches.length) {
      const batch = batches[next] ?? [];
      next += 1;
      await options.client.send(
        new SendMessageBatchCommand({
          QueueUrl: options.queueUrl,
          Entries: batch.map((deviceId, index) => ({
            Id: `m${index}`,
            MessageBody: JSON.stringify({ deviceId, reason: "bench", requestedAt: Date.now() }),
          })),
        }),
      );
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}

function serviceConfig(options: E2eOptions): ConnectionRequestServiceConfig {
  return {
    queueUrl: options.queueUrl,
    dlqUrl: options.dlqUrl,
    concurrency: options.concurrency,
    receiveBatchSize: options.receiveBatchSize,
    waitTimeSeconds: options.waitTimeSeconds,
    visibilityTimeoutSeconds: 30,
    heartbeatIntervalSeconds: 10,
    errorRetrySeconds: 30,
    dedupWindowMs: 0,
    xmppTimeoutMs: options.xmppTimeoutMs,
    busy: benchBusySettings,
    healthStaleMs: 60_000,
  };
}

export async function runE2e(options: E2eOptions): Promise<E2eResult> {
  const { rig } = options;
  await preload(options);
  const receivedAt = new Map<string, number>();
  const latenciesMs: number[] = [];
  const outcomes: Record<string, number> = {};
  let recorded = 0;
  let lastAt = 0;
  let allDone = () => {};
  const done = new Promise<void>((resolve) => {
    allDone = resolve;
  });
  rig.hooks.onGet = (deviceId) => receivedAt.set(deviceId, performance.now());
  rig.hooks.onRecord = (deviceId, status) => {
    const key = `${status.method}:${status.outcome}`;
    outcomes[key] = (outcomes[key] ?? 0) + 1;
    lastAt = performance.now();
    const at = receivedAt.get(deviceId);
    if (at !== undefined) latenciesMs.push(lastAt - at);
    recorded += 1;
    options.onRecorded?.(key === "xmpp:delivered");
    if (recorded >= options.deviceIds.length) allDone();
  };
  const service = rig.service(options.client, serviceConfig(options));
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  try {
    await service.start();
    const budget = new AbortController();
    await Promise.race([done, sleep(options.budgetMs, undefined, { signal: budget.signal })]);
    budget.abort();
  } finally {
    await service.stop(10_000);
    rig.hooks.onGet = undefined;
    rig.hooks.onRecord = undefined;
  }
  const cpu = process.cpuUsage(cpuBefore);
  return {
    messages: options.deviceIds.length,
    recorded,
    outcomes,
    elapsedMs: (recorded > 0 ? lastAt : performance.now()) - started,
    latenciesMs,
    cpuUs: cpu.user + cpu.system,
  };
}
