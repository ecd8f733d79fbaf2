import * as z from "zod/mini";
import type { StoredParameter } from "../../core/model/device.ts";
import type { ParameterStore } from "../../ports.ts";
import type { BatchWriteOptions } from "./batch-write.ts";
import { withoutUndefined } from "./device-item.ts";
import type { DynamoCaller } from "./dynamo-caller.ts";
import { type ExpressionBuilder, expressionBuilder } from "./expression-builder.ts";
import {
  devicePartitionKey,
  type ItemKey,
  olderGenerationsRange,
  parameterKey,
  parameterNameOf,
  parameterSortKeyPrefix,
} from "./item-layout.ts";
import { parseItem } from "./parse-item.ts";
import { createTableClient, type Item } from "./table-client.ts";

export interface DynamoParameterStoreOptions {
  /** Build it with `marshallOptions: { removeUndefinedValues: true }`. */
  readonly client: DynamoCaller;
  readonly tableName: string;
  /** Back-off and parallelism of BatchWriteItem (see batch-write.ts). */
  readonly batch?: Pick<BatchWriteOptions, "maxAttempts" | "baseDelayMs" | "concurrency">;
}

export interface DynamoParameterStore extends ParameterStore {
  /**
   * Deletes up to `maxItems` parameter items of generations older than
   * `keepGeneration` (left behind by a 0 BOOTSTRAP) and returns how many it
   * deleted; 0 means nothing is left. Not part of the port: the service may
   * call it opportunistically, off the hot path.
   */
  purgeStaleParameters(deviceId: string, keepGeneration: number, maxItems: number): Promise<number>;
}

/** A parameter item: v value, t type, l learnedAt, w writable (see item-layout.ts). */
const parameterItem = z.object({
  sk: z.string(),
  v: z.optional(z.string()),
  t: z.optional(z.string()),
  l: z.number(),
  w: z.optional(z.boolean()),
});

export function createDynamoParameterStore(
  options: DynamoParameterStoreOptions,
): DynamoParameterStore {
  const table = createTableClient(options);

  /** Merge semantics: only the fields given are written; a name alone keeps its first time. */
  async function update(key: ItemKey, parameter: StoredParameter): Promise<void> {
    const update = expressionBuilder();
    if (parameter.value === undefined) update.setIfAbsent("l", parameter.learnedAt);
    else {
      update.set("l", parameter.learnedAt);
      update.set("v", parameter.value).set("t", parameter.type ?? "string");
    }
    if (parameter.writable !== undefined) update.set("w", parameter.writable);
    await table.update({ key, expression: update }, "putParameters");
  }

  /** The parameter items of one device whose sort key meets `condition`. */
  const keyCondition = (
    deviceId: string,
    condition: (sk: string, e: ExpressionBuilder) => string,
  ) =>
    expressionBuilder().keyCondition(
      (e) =>
        `${e.name("pk")} = ${e.value(devicePartitionKey(deviceId))} AND ${condition(e.name("sk"), e)}`,
    );

  return {
    async putParameters(deviceId, generation, parameters, putOptions = {}) {
      // Merge (see the port): one UpdateItem per parameter setting only the
      // fields given, a bounded number in flight. Same-name entries fold first.
      const merged = mergeByName(parameters);
      if (putOptions.fresh) {
        // Nothing to merge with: 25 whole items per BatchWriteItem instead.
        const requests = merged.map((parameter) => ({
          PutRequest: {
            Item: withoutUndefined({
              ...parameterKey(deviceId, generation, parameter.name),
              v: parameter.value,
              t: parameter.value === undefined ? undefined : (parameter.type ?? "string"),
              l: parameter.learnedAt,
              w: parameter.writable,
            }),
          },
        }));
        await table.batchWrite(requests, "putParameters");
        return;
      }
      await inParallel(merged, 16, (parameter) =>
        update(parameterKey(deviceId, generation, parameter.name), parameter),
      );
    },

    async getParameters(deviceId, generation, prefix = "") {
      const expression = keyCondition(
        deviceId,
        (sk, e) => `begins_with(${sk}, ${e.value(parameterSortKeyPrefix(generation, prefix))})`,
      );
      const items = await table.query({ expression }, "getParameters");
      return items.map(parameterFromItem);
    },

    async deleteParameters(deviceId, generation, names) {
      const requests = [...new Set(names)].map((name) => ({
        DeleteRequest: { Key: parameterKey(deviceId, generation, name) },
      }));
      await table.batchWrite(requests, "deleteParameters");
    },

    async purgeStaleParameters(deviceId, keepGeneration, maxItems) {
      if (maxItems < 1) return 0;
      const range = olderGenerationsRange(keepGeneration);
      const expression = keyCondition(
        deviceId,
        (sk, e) => `${sk} BETWEEN ${e.value(range.from)} AND ${e.value(range.to)}`,
      ).project("pk", "sk");
      const keys = await table.query({ expression, limit: maxItems }, "purgeStaleParameters");
      await table.batchWrite(
        keys.map((key) => ({ DeleteRequest: { Key: { pk: key.pk, sk: key.sk } } })),
        "purgeStaleParameters",
      );
      return keys.length;
    },
  };
}

function parameterFromItem(raw: Item): StoredParameter {
  const item = parseItem(parameterItem, raw);
  return withoutUndefined<StoredParameter>({
    name: parameterNameOf(item.sk),
    value: item.v,
    type: item.t,
    learnedAt: item.l,
    writable: item.w,
  });
}

/** Folds entries of one name in order: later fields win, absent fields keep earlier ones. */
export function mergeByName(parameters: readonly StoredParameter[]): StoredParameter[] {
  const byName = new Map<string, StoredParameter>();
  for (const parameter of parameters) {
    const before = byName.get(parameter.name);
    byName.set(parameter.name, before ? mergeParameter(before, parameter) : parameter);
  }
  return [...byName.values()];
}

/** `next` over `before`: a value (with its type and time) or writability replaces only itself. */
export function mergeParameter(before: StoredParameter, next: StoredParameter): StoredParameter {
  const hasValue = next.value !== undefined;
  return withoutUndefined<StoredParameter>({
    name: next.name,
    value: hasValue ? next.value : before.value,
    type: hasValue ? (next.type ?? "string") : before.type,
    learnedAt: hasValue ? next.learnedAt : before.learnedAt,
    writable: next.writable ?? before.writable,
  });
}

async function inParallel<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>) {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
