import type { ConsumedCapacity } from "@aws-sdk/client-dynamodb";
import type { DynamoCaller } from "./dynamo-caller.ts";
import { itemSize, writeUnitsOf } from "./item-size.ts";
import { isConditionalCheckFailed } from "./translate-error.ts";

/** Read and write capacity units (RRU/WRU on demand, RCU/WCU provisioned). */
export interface CapacityUnits {
  readonly read: number;
  readonly write: number;
}

/** Requests sent per DynamoDB operation ("GetItem", "UpdateItem", ...). */
export interface RequestCounter {
  /** A snapshot of the counts so far. */
  counts(): Record<string, number>;
  total(): number;
  /** Units consumed so far (reported, or computed for a failed condition); zero with `consumedCapacity: false`. */
  units(): CapacityUnits;
  /** The same units per operation (only operations that reported some). */
  unitsByOperation(): Record<string, CapacityUnits>;
  reset(): void;
  /** Stops counting. */
  detach(): void;
}

export interface CountRequestsOptions {
  /**
   * Ask for `ReturnConsumedCapacity: "TOTAL"` on every data request that does not
   * set it, and sum what comes back into `units()`; false leaves requests as they are. @default true
   */
  readonly consumedCapacity?: boolean;
}

/** Which kind of unit each data operation consumes; other operations report none. */
const unitKind: Readonly<Record<string, keyof CapacityUnits>> = {
  GetItem: "read",
  BatchGetItem: "read",
  Query: "read",
  Scan: "read",
  TransactGetItems: "read",
  PutItem: "write",
  UpdateItem: "write",
  DeleteItem: "write",
  BatchWriteItem: "write",
  TransactWriteItems: "write",
};

/**
 * Counts the HTTP requests a client sends, per operation, to assert and
 * measure request budgets and their units (cost per session type). Every
 * attempt counts, retries included (dynamo-caller.ts's `attempt` hook: a
 * throttled attempt costs latency, if not money).
 *
 * With `consumedCapacity` (the default), each data request is asked for its consumed capacity
 * (before its first attempt) and the units are summed from the final answers
 * (one ConsumedCapacity object, or an array of them for the batch operations). The rules, from
 * the Developer Guide ("DynamoDB read and write operations",
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/read-write-operations.html,
 * and the on-demand pricing page's request units):
 * - a write costs 1 unit per 1 KB of item, rounded up, for the larger of the item before and
 *   after (PutItem, UpdateItem; DeleteItem the deleted item); BatchWriteItem rounds each item;
 * - a read costs 1 unit per 4 KB, rounded up, strongly consistent, half that eventually
 *   consistent; BatchGetItem rounds each item, Query the sum of the items it read;
 * - DynamoDB adds the writes to every index that projects the item (each GSI its own units).
 * What the units cover depends on who answers:
 * - dynalite (the local stand-in) reports every successful data operation by these rules but
 *   for the base table only: GSI writes are missing from its figure, so on AWS a write that
 *   changes a projected item costs more than measured here.
 * - A write whose condition fails is still charged by DynamoDB, by the size of the existing
 *   item, at least 1 unit (Developer Guide, "Condition expressions"), but its error carries no
 *   ConsumedCapacity: the units are computed here from the item the error returns
 *   (ReturnValuesOnConditionCheckFailure ALL_OLD, `item-size.ts`), else 1 (dynalite returns no
 *   item, so a failed condition against a large item is undercounted locally).
 */
export function countRequests(
  client: DynamoCaller,
  options: CountRequestsOptions = {},
): RequestCounter {
  let counts = new Map<string, number>();
  let units = new Map<string, CapacityUnits>();
  const addUnits = (operation: string, output: unknown) => {
    const kind = unitKind[operation];
    const consumed = (output as { ConsumedCapacity?: ConsumedCapacity | ConsumedCapacity[] })
      ?.ConsumedCapacity;
    if (!kind || !consumed) return;
    const sum = [consumed].flat().reduce((total, entry) => total + (entry.CapacityUnits ?? 0), 0);
    const before = units.get(operation) ?? { read: 0, write: 0 };
    units.set(operation, { ...before, [kind]: before[kind] + sum });
  };
  const addFailedConditionUnits = (operation: string, error: unknown) => {
    if (unitKind[operation] !== "write" || !isConditionalCheckFailed(error)) return;
    const charged = error.item ? writeUnitsOf(itemSize(error.item)) : 1;
    addUnits(operation, { ConsumedCapacity: { CapacityUnits: charged } });
  };
  const withUnits = options.consumedCapacity ?? true;
  const detach = client.observe({
    attempt: (operation) => {
      counts.set(operation, (counts.get(operation) ?? 0) + 1);
    },
    ...(withUnits && {
      prepare: withCapacityAsked,
      answered: addUnits,
      failed: addFailedConditionUnits,
    }),
  });
  return {
    counts: () => Object.fromEntries(counts),
    total: () => [...counts.values()].reduce((sum, count) => sum + count, 0),
    units: () =>
      [...units.values()].reduce(
        (sum, u) => ({ read: sum.read + u.read, write: sum.write + u.write }),
        {
          read: 0,
          write: 0,
        },
      ),
    unitsByOperation: () => Object.fromEntries(units),
    reset: () => {
      counts = new Map();
      units = new Map();
    },
    detach,
  };
}

/** Adds ReturnConsumedCapacity TOTAL to a data request that has none (a copy: the caller's input stays as it was). */
function withCapacityAsked(
  operation: string,
  input: Record<string, unknown>,
): Record<string, unknown> {
  if (!unitKind[operation] || input.ReturnConsumedCapacity !== undefined) return input;
  return { ...input, ReturnConsumedCapacity: "TOTAL" };
}
