import {
  BatchWriteCommand,
  type BatchWriteWriteRequest,
  type DynamoDBDocumentClient,
} from "@aws-sdk/lib-dynamodb";
import { StoreUnavailableError } from "../../port-errors.ts";
import { translateError } from "./translate-error.ts";

/** BatchWriteItem takes at most 25 requests. */
const batchSize = 25;

export interface BatchWriteOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  /** Names the failing operation in errors. */
  readonly operation: string;
  /** Attempts per batch while DynamoDB returns UnprocessedItems. @default 8 */
  readonly maxAttempts?: number;
  /** First back-off; doubles per attempt, capped at 2 s, with full jitter. @default 25 */
  readonly baseDelayMs?: number;
  /** Batches in flight at once. @default 4 */
  readonly concurrency?: number;
}

/**
 * Writes any number of put/delete requests in batches of 25, re-sending
 * UnprocessedItems (returned when a partition is throttled) with bounded
 * exponential back-off. Throws StoreUnavailableError when a batch still has
 * unprocessed items after the last attempt. Not atomic: on failure some
 * batches may have been written (each request is idempotent, so a retry of
 * the whole call is safe).
 */
export async function batchWrite(
  options: BatchWriteOptions,
  requests: readonly BatchWriteWriteRequest[],
): Promise<void> {
  const batches: BatchWriteWriteRequest[][] = [];
  for (let start = 0; start < requests.length; start += batchSize) {
    batches.push(requests.slice(start, start + batchSize));
  }
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < batches.length) {
      const batch = batches[next++];
      if (batch) await writeBatch(options, batch);
    }
  };
  const workers = Math.min(options.concurrency ?? 4, batches.length);
  await Promise.all(Array.from({ length: workers }, worker));
}

async function writeBatch(
  options: BatchWriteOptions,
  batch: BatchWriteWriteRequest[],
): Promise<void> {
  const { client, tableName, operation } = options;
  const maxAttempts = options.maxAttempts ?? 8;
  const baseDelayMs = options.baseDelayMs ?? 25;
  let pending = batch;
  for (let attempt = 1; ; attempt++) {
    let unprocessed: BatchWriteWriteRequest[];
    try {
      const output = await client.send(
        new BatchWriteCommand({ RequestItems: { [tableName]: pending } }),
      );
      unprocessed = output.UnprocessedItems?.[tableName] ?? [];
    } catch (error) {
      throw translateError(error, operation);
    }
    if (unprocessed.length === 0) return;
    if (attempt >= maxAttempts) {
      throw new StoreUnavailableError(
        `DynamoDB left ${unprocessed.length} items unprocessed during ${operation} after ${attempt} attempts`,
      );
    }
    pending = unprocessed;
    const capMs = Math.min(2_000, baseDelayMs * 2 ** (attempt - 1));
    await new Promise((resolve) => setTimeout(resolve, Math.random() * capMs));
  }
}
