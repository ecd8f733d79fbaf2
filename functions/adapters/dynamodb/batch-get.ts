import type { DynamoCaller } from "./dynamo-caller.ts";
import type { ItemKey } from "./item-layout.ts";
import { type RetryUnprocessedOptions, retryUnprocessed } from "./retry-unprocessed.ts";

/** BatchGetItem takes at most 100 keys. */
const batchSize = 100;

export interface BatchGetOptions extends RetryUnprocessedOptions {
  readonly client: DynamoCaller;
  readonly tableName: string;
}

/**
 * Strongly consistent reads of any number of items by key, in chunks of 100,
 * re-sending UnprocessedKeys (see retry-unprocessed.ts). Missing items are
 * simply absent from the result, whose order is unspecified.
 */
export async function batchGet(
  options: BatchGetOptions,
  keys: readonly ItemKey[],
): Promise<Record<string, unknown>[]> {
  const { client, tableName } = options;
  const found: Record<string, unknown>[] = [];
  for (let start = 0; start < keys.length; start += batchSize) {
    const chunk: Record<string, unknown>[] = keys
      .slice(start, start + batchSize)
      .map((key) => ({ ...key }));
    await retryUnprocessed(options, chunk, async (pending) => {
      const output = (await client.send("BatchGetItem", {
        RequestItems: { [tableName]: { Keys: [...pending], ConsistentRead: true } },
      })) as {
        Responses?: Record<string, Record<string, unknown>[]>;
        UnprocessedKeys?: Record<string, { Keys?: Record<string, unknown>[] }>;
      };
      found.push(...(output.Responses?.[tableName] ?? []));
      return output.UnprocessedKeys?.[tableName]?.Keys ?? [];
    });
  }
  return found;
}
