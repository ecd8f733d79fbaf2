import type { DynamoCaller } from "./dynamo-caller.ts";
import { type RetryUnprocessedOptions, retryUnprocessed } from "./retry-unprocessed.ts";

/** One entry of BatchWriteItem, in the document form. */
export type BatchWriteRequest =
  | {
      readonly PutRequest: { readonly Item: object };
      readonly DeleteRequest?: never;
    }
  | {
      readonly DeleteRequest: { readonly Key: object };
      readonly PutRequest?: never;
    };

/** BatchWriteItem takes at most 25 requests. */
const batchSize = 25;

export interface BatchWriteOptions extends RetryUnprocessedOptions {
  readonly client: DynamoCaller;
  readonly tableName: string;
  /** Batches in flight at once. @default 4 */
  readonly concurrency?: number;
}

/**
 * Writes any number of put/delete requests in batches of 25, re-sending
 * UnprocessedItems (see retry-unprocessed.ts). Not atomic: on failure some
 * batches may have been written (each request is idempotent, so a retry of
 * the whole call is safe).
 */
export async function batchWrite(
  options: BatchWriteOptions,
  requests: readonly BatchWriteRequest[],
): Promise<void> {
  const { client, tableName } = options;
  const batches: BatchWriteRequest[][] = [];
  for (let start = 0; start < requests.length; start += batchSize) {
    batches.push(requests.slice(start, start + batchSize));
  }
  const writeBatch = (batch: readonly BatchWriteRequest[]) =>
    retryUnprocessed(options, batch, async (pending) => {
      const output = (await client.send("BatchWriteItem", {
        RequestItems: { [tableName]: [...pending] },
      })) as { UnprocessedItems?: Record<string, BatchWriteRequest[]> };
      return output.UnprocessedItems?.[tableName] ?? [];
    });
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < batches.length) {
      const batch = batches[next++];
      if (batch) await writeBatch(batch);
    }
  };
  const workers = Math.min(options.concurrency ?? 4, batches.length);
  await Promise.all(Array.from({ length: workers }, worker));
}
