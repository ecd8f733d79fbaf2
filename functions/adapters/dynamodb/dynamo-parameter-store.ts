import {
  type DynamoDBDocumentClient,
  QueryCommand,
  type QueryCommandInput,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import type { StoredParameter } from "../../core/model/device.ts";
import type { ParameterStore } from "../../ports.ts";
import { type BatchWriteOptions, batchWrite } from "./batch-write.ts";
import { withoutUndefined } from "./device-item.ts";
import {
  devicePartitionKey,
  type ItemKey,
  olderGenerationsRange,
  parameterKey,
  parameterNameOf,
  parameterSortKeyPrefix,
} from "./item-layout.ts";
import { translateError } from "./translate-error.ts";

export interface DynamoParameterStoreOptions {
  /** Build it with `marshallOptions: { removeUndefinedValues: true }`. */
  readonly client: DynamoDBDocumentClient;
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
interface ParameterItem {
  readonly sk: string;
  readonly v?: string;
  readonly t?: string;
  readonly l: number;
  readonly w?: boolean;
}

export function createDynamoParameterStore(
  options: DynamoParameterStoreOptions,
): DynamoParameterStore {
  const { client, tableName } = options;
  const batchOptions = (operation: string): BatchWriteOptions => ({
    ...options.batch,
    client,
    tableName,
    operation,
  });

  async function query(input: Omit<QueryCommandInput, "TableName">, operation: string) {
    const items: Record<string, unknown>[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      try {
        const page = await client.send(
          new QueryCommand({ TableName: tableName, ...input, ExclusiveStartKey: startKey }),
        );
        items.push(...(page.Items ?? []));
        startKey = page.LastEvaluatedKey;
      } catch (error) {
        throw translateError(error, operation);
      }
    } while (startKey && (input.Limit === undefined || items.length < input.Limit));
    return input.Limit === undefined ? items : items.slice(0, input.Limit);
  }

  async function update(key: ItemKey, parameter: StoredParameter): Promise<void> {
    const sets = ["#l = if_not_exists(#l, :l)"];
    const names: Record<string, string> = { "#l": "l" };
    const values: Record<string, unknown> = { ":l": parameter.learnedAt };
    if (parameter.value !== undefined) {
      sets[0] = "#l = :l";
      sets.push("#v = :v", "#t = :t");
      Object.assign(names, { "#v": "v", "#t": "t" });
      Object.assign(values, { ":v": parameter.value, ":t": parameter.type ?? "string" });
    }
    if (parameter.writable !== undefined) {
      sets.push("#w = :w");
      names["#w"] = "w";
      values[":w"] = parameter.writable;
    }
    try {
      await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: key,
          UpdateExpression: `SET ${sets.join(", ")}`,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      );
    } catch (error) {
      throw translateError(error, "putParameters");
    }
  }

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
        await batchWrite(batchOptions("putParameters"), requests);
        return;
      }
      await inParallel(merged, 16, (parameter) =>
        update(parameterKey(deviceId, generation, parameter.name), parameter),
      );
    },

    async getParameters(deviceId, generation, prefix = "") {
      const items = await query(
        {
          KeyConditionExpression: "#pk = :device AND begins_with(#sk, :prefix)",
          ExpressionAttributeNames: { "#pk": "pk", "#sk": "sk" },
          ExpressionAttributeValues: {
            ":device": devicePartitionKey(deviceId),
            ":prefix": parameterSortKeyPrefix(generation, prefix),
          },
        },
        "getParameters",
      );
      return items.map((item) => parameterFromItem(item as unknown as ParameterItem));
    },

    async deleteParameters(deviceId, generation, names) {
      const requests = [...new Set(names)].map((name) => ({
        DeleteRequest: { Key: parameterKey(deviceId, generation, name) },
      }));
      await batchWrite(batchOptions("deleteParameters"), requests);
    },

    async purgeStaleParameters(deviceId, keepGeneration, maxItems) {
      if (maxItems < 1) return 0;
      const range = olderGenerationsRange(keepGeneration);
      const keys = await query(
        {
          KeyConditionExpression: "#pk = :device AND #sk BETWEEN :from AND :to",
          ExpressionAttributeNames: { "#pk": "pk", "#sk": "sk" },
          ExpressionAttributeValues: {
            ":device": devicePartitionKey(deviceId),
            ":from": range.from,
            ":to": range.to,
          },
          ProjectionExpression: "#pk, #sk",
          Limit: maxItems,
        },
        "purgeStaleParameters",
      );
      await batchWrite(
        batchOptions("purgeStaleParameters"),
        keys.map((key) => ({ DeleteRequest: { Key: { pk: key.pk, sk: key.sk } } })),
      );
      return keys.length;
    },
  };
}

function parameterFromItem(item: ParameterItem): StoredParameter {
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
