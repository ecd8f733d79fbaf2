import { BatchGetCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { StoreUnavailableError } from "../../port-errors.ts";
import type { ItemKey } from "./item-layout.ts";
import { translateError } from "./translate-error.ts";

/** BatchGetItem takes at most 100 keys. */
const batchSize = 100;

export interface BatchGetOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  /** Names the failing operation in errors. */
  readonly operation: string;
  /** Attempts per chunk while DynamoDB returns UnprocessedKeys. @default 8 */
  readonly maxAttempts?: number;
  /** First back-off; doubles per attempt, capped at 2 s, with full jitter. @default 25 */
  readonly baseDelayMs?: number;
}

/**
 * Strongly consistent reads of any number of items by key, in chunks of 100,
 * re-sending UnprocessedKeys (a throttled partition) with bounded exponential
 * back-off. Missing items are simply absent from the result, whose order is
 * unspecified. Throws StoreUnavailableError when keys are still unprocessed
 * after the last attempt.
 */
export async function batchGet(
  options: BatchGetOptions,
  keys: readonly ItemKey[],
): Promise<Record<string, unknown>[]> {
  const found: Record<string, unknown>[] = [];
  for (let start = 0; start < keys.length; start += batchSize) {
    found.push(...(await getChunk(options, keys.slice(start, start + batchSize))));
  }
  return found;
}

async function getChunk(
  options: BatchGetOptions,
  keys: readonly ItemKey[],
): Promise<Record<string, unknown>[]> {
  const { client, tableName, operation } = options;
  const maxAttempts = options.maxAttempts ?? 8;
  const baseDelayMs = options.baseDelayMs ?? 25;
  const found: Record<string, unknown>[] = [];
  let pending: readonly Record<string, unknown>[] = keys.map((key) => ({ ...key }));
  for (let attempt = 1; ; attempt++) {
    let unprocessed: readonly Record<string, unknown>[];
    try {
      const output = await client.send(
        new BatchGetCommand({
          RequestItems: { [tableName]: { Keys: [...pending], ConsistentRead: true } },
        }),
      );
      found.push(...(output.Responses?.[tableName] ?? []));
      unprocessed = output.UnprocessedKeys?.[tableName]?.Keys ?? [];
    } catch (error) {
      throw translateError(error, operation);
    }
    if (unprocessed.length === 0) return found;
    if (attempt >= maxAttempts) {
      throw new StoreUnavailableError(
        `DynamoDB left ${unprocessed.length} keys unprocessed during ${operation} after ${attempt} attempts`,
      );
    }
    pending = unprocessed;
    const capMs = Math.min(2_000, baseDelayMs * 2 ** (attempt - 1));
    await new Promise((resolve) => setTimeout(resolve, Math.random() * capMs));
  }
}
