import { batchGet } from "./batch-get.ts";
import { type BatchWriteOptions, type BatchWriteRequest, batchWrite } from "./batch-write.ts";
import type { DynamoCaller } from "./dynamo-caller.ts";
import { documentItem } from "./dynamo-codec.ts";
import type { ExpressionBuilder } from "./expression-builder.ts";
import type { ItemKey } from "./item-layout.ts";
import { isConditionalCheckFailed, translateError } from "./translate-error.ts";

export type Item = Record<string, unknown>;

/**
 * What a write did. A write whose condition failed is an answer, not an
 * exception: each caller knows what it means (busy, lost, conflict, absent).
 */
export type WriteResult =
  | {
      readonly written: true /** With `returnOld`: the item before the write. */;
      readonly old?: Item;
    }
  | {
      readonly written: false;
      /** With `returnCurrentOnFailure`, real DynamoDB returns the item that failed it (dynalite does not). */
      readonly current?: Item;
    };

interface ConditionalWrite {
  /** Conditions (and, for update, the clauses) with their names and values. */
  readonly expression?: ExpressionBuilder;
  readonly returnCurrentOnFailure?: boolean;
}

export interface QueryRequest {
  readonly index?: "gsi1" | "gsi2";
  readonly expression: ExpressionBuilder;
  readonly limit?: number;
  /** Sort key descending (ScanIndexForward false). */
  readonly descending?: boolean;
  readonly startKey?: Item;
}

export interface TableClientOptions {
  /** dynamo-caller.ts (undefined members are removed, numbers read as numbers). */
  readonly client: DynamoCaller;
  readonly tableName: string;
  /** Back-off and parallelism of the batch requests (see batch-write.ts). */
  readonly batch?: Pick<BatchWriteOptions, "maxAttempts" | "baseDelayMs" | "concurrency">;
}

/**
 * The one way the adapters talk to the table. Every DynamoDB failure leaves as a
 * typed error (StoreUnavailableError, StoreRequestRejectedError naming the
 * operation); a failed condition comes back as `{ written: false }`.
 */
export interface TableClient {
  /** Strongly consistent unless `consistent: false`. */
  get(
    key: ItemKey,
    operation: string,
    options?: { readonly projection?: ExpressionBuilder; readonly consistent?: boolean },
  ): Promise<Item | undefined>;
  put(request: ConditionalWrite & { readonly item: Item }, operation: string): Promise<WriteResult>;
  update(
    request: ConditionalWrite & {
      readonly key: ItemKey;
      readonly expression: ExpressionBuilder;
      readonly returnOld?: boolean;
    },
    operation: string,
  ): Promise<WriteResult>;
  delete(
    request: ConditionalWrite & { readonly key: ItemKey; readonly returnOld?: boolean },
    operation: string,
  ): Promise<WriteResult>;
  /** One page. */
  queryPage(
    request: QueryRequest,
    operation: string,
  ): Promise<{ readonly items: Item[]; readonly lastKey?: Item }>;
  /** Every page, oldest sort key first, stopping once `limit` items are in. */
  query(request: Omit<QueryRequest, "startKey">, operation: string): Promise<Item[]>;
  /** Consistent reads of any number of keys; missing items are absent, order unspecified. */
  batchGet(keys: readonly ItemKey[], operation: string): Promise<Item[]>;
  /** Any number of puts and deletes, in batches (not atomic; each request is idempotent). */
  batchWrite(requests: readonly BatchWriteRequest[], operation: string): Promise<void>;
}

export function createTableClient(options: TableClientOptions): TableClient {
  const { client, tableName } = options;

  /** The parts every write shares: the table, its expressions, what to return. */
  const writeInput = (request: ConditionalWrite & { readonly returnOld?: boolean }) => ({
    TableName: tableName,
    ...request.expression?.build(),
    ...(request.returnOld && { ReturnValues: "ALL_OLD" as const }),
    ...(request.returnCurrentOnFailure && {
      ReturnValuesOnConditionCheckFailure: "ALL_OLD" as const,
    }),
  });

  const table: TableClient = {
    async get(key, operation, getOptions = {}) {
      const output = await read(operation, () =>
        client.send("GetItem", {
          TableName: tableName,
          Key: key,
          ConsistentRead: getOptions.consistent ?? true,
          ...getOptions.projection?.build(),
        }),
      );
      return output.Item as Item | undefined;
    },

    put: (request, operation) =>
      write(operation, () =>
        client.send("PutItem", { ...writeInput(request), Item: request.item }),
      ),

    update: (request, operation) =>
      write(operation, () =>
        client.send("UpdateItem", { ...writeInput(request), Key: request.key }),
      ),

    delete: (request, operation) =>
      write(operation, () =>
        client.send("DeleteItem", { ...writeInput(request), Key: request.key }),
      ),

    async queryPage(request, operation) {
      const page = (await read(operation, () =>
        client.send("Query", {
          TableName: tableName,
          ...(request.index && { IndexName: request.index }),
          ...request.expression.build(),
          ...(request.limit !== undefined && { Limit: request.limit }),
          ...(request.descending && { ScanIndexForward: false }),
          ...(request.startKey && { ExclusiveStartKey: request.startKey }),
        }),
      )) as { Items?: Item[]; LastEvaluatedKey?: Item };
      return {
        items: page.Items ?? [],
        ...(page.LastEvaluatedKey && { lastKey: page.LastEvaluatedKey }),
      };
    },

    async query(request, operation) {
      const items: Item[] = [];
      let startKey: Item | undefined;
      do {
        const page = await table.queryPage(
          { ...request, ...(startKey && { startKey }) },
          operation,
        );
        items.push(...page.items);
        startKey = page.lastKey;
      } while (startKey && (request.limit === undefined || items.length < request.limit));
      return request.limit === undefined ? items : items.slice(0, request.limit);
    },

    batchGet: (keys, operation) =>
      batchGet({ ...options.batch, client, tableName, operation }, keys),

    batchWrite: (requests, operation) =>
      batchWrite({ ...options.batch, client, tableName, operation }, requests),
  };
  return table;
}

async function write(operation: string, send: () => Promise<Item>): Promise<WriteResult> {
  try {
    const Attributes = (await send()).Attributes as Item | undefined;
    return Attributes ? { written: true, old: Attributes } : { written: true };
  } catch (error) {
    if (!isConditionalCheckFailed(error)) throw translateError(error, operation);
    return error.item ? { written: false, current: documentItem(error.item) } : { written: false };
  }
}

async function read<T>(operation: string, send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (error) {
    throw translateError(error, operation);
  }
}
