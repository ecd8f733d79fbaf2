import { StoreUnavailableError } from "../../port-errors.ts";
import type { IdempotencyBinding, TaskStore } from "../../ports.ts";
import { expressionBuilder } from "./expression-builder.ts";
import { type ItemKey, idempotencyItemKey } from "./item-layout.ts";
import type { Item, TableClient, WriteResult } from "./table-client.ts";

export interface DynamoIdempotencyOptions {
  readonly table: TableClient;
}

/** A claim that finds the binding gone again (released in between) tries this often. */
const claimAttempts = 3;

type IdempotencyMethods = Pick<TaskStore, "claimIdempotencyKey" | "releaseIdempotencyKey">;

/** Idempotency-Key bindings as items of their own (see item-layout.ts). */
export function createDynamoIdempotency(options: DynamoIdempotencyOptions): IdempotencyMethods {
  const { table } = options;

  /** The binding, from the item returned with the failed condition, else a consistent read. */
  async function currentBinding(key: ItemKey, refused: WriteResult) {
    const returned = refused.written ? undefined : refused.current;
    return bindingOf(returned ?? (await table.get(key, "claimIdempotencyKey")));
  }

  return {
    async claimIdempotencyKey(claim) {
      const key = idempotencyItemKey(claim.deviceId, claim.key);
      // Expiry is data (dynalite has no TTL, DynamoDB's is lazy): an expired binding is free again.
      const keyIsFreeOrExpired = expressionBuilder().condition(
        (e) =>
          `attribute_not_exists(${e.name("pk")}) OR ${e.name("expiresAt")} <= ${e.value(claim.now)}`,
      );
      for (let attempt = 1; attempt <= claimAttempts; attempt++) {
        const result = await table.put(
          {
            item: {
              ...key,
              taskId: claim.taskId,
              requestHash: claim.requestHash,
              expiresAt: claim.expiresAt,
              ttl: Math.ceil(claim.expiresAt / 1000),
            },
            expression: keyIsFreeOrExpired,
            returnCurrentOnFailure: true,
          },
          "claimIdempotencyKey",
        );
        if (result.written) return undefined;
        const binding = await currentBinding(key, result);
        if (binding !== undefined) return binding;
      }
      throw new StoreUnavailableError(
        `claimIdempotencyKey: the binding of ${claim.deviceId} kept changing`,
      );
    },

    async releaseIdempotencyKey(deviceId, key) {
      await table.delete({ key: idempotencyItemKey(deviceId, key) }, "releaseIdempotencyKey");
    },
  };
}

/** An item's binding; a binding written before request hashes were stored has none. */
function bindingOf(item: Item | undefined): IdempotencyBinding | undefined {
  if (item === undefined) return undefined;
  const { taskId, requestHash } = item;
  return {
    taskId: String(taskId),
    ...(typeof requestHash === "string" && { requestHash }),
  };
}
