import { randomUUID } from "node:crypto";
import type { ConsumedCapacity, DynamoDBClient } from "@aws-sdk/client-dynamodb";
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
  /** Removes the middleware again. */
  detach(): void;
}

export interface CountRequestsOptions {
  /**
   * Ask for `ReturnConsumedCapacity: "TOTAL"` on every data request that does not
   * set it, and sum what comes back into `units()`; false leaves requests as they are. @default true
   */
  readonly consumedCapacity?: boolean;
}

type Middleware = Parameters<DynamoDBClient["middlewareStack"]["add"]>[0];

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
 * measure request budgets and their units (cost per session type). The
 * middleware sits in the deserialize step, inside the SDK's retry loop, so
 * every attempt counts (a throttled attempt costs latency, if not money). A DynamoDBDocumentClient
 * shares its middleware stack with the client it was built from: pass that.
 *
 * With `consumedCapacity` (the default), an initialize-step middleware on the same stack asks
 * each data request for its consumed capacity and sums the units from the parsed responses
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
  client: DynamoDBClient,
  options: CountRequestsOptions = {},
): RequestCounter {
  const name = `countRequests-${randomUUID()}`;
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
    const charged = error.Item ? writeUnitsOf(itemSize(error.Item)) : 1;
    addUnits(operation, { ConsumedCapacity: { CapacityUnits: charged } });
  };
  const middleware: Middleware = (next, context) => async (args) => {
    const operation = (context.commandName ?? "unknown").replace(/Command$/, "");
    counts.set(operation, (counts.get(operation) ?? 0) + 1);
    return next(args);
  };
  client.middlewareStack.add(middleware, { step: "deserialize", priority: "low", name });
  if (options.consumedCapacity ?? true) {
    // Outside the retry loop and after deserialization: only the final, parsed answer carries units.
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const operation = (context.commandName ?? "unknown").replace(/Command$/, "");
        try {
          const result = await next(withCapacityAsked(operation, args));
          addUnits(operation, result.output);
          return result;
        } catch (error) {
          addFailedConditionUnits(operation, error);
          throw error;
        }
      },
      { step: "initialize", priority: "low", name: `${name}-units` },
    );
  }
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
    detach: () => {
      client.middlewareStack.remove(name);
      client.middlewareStack.remove(`${name}-units`);
    },
  };
}

/** Adds ReturnConsumedCapacity TOTAL to a data request that has none (a copy: the caller's input stays as it was). */
function withCapacityAsked<A extends { input: object }>(operation: string, args: A): A {
  const input = args.input as { ReturnConsumedCapacity?: string };
  if (!unitKind[operation] || input.ReturnConsumedCapacity !== undefined) return args;
  return { ...args, input: { ...input, ReturnConsumedCapacity: "TOTAL" } };
}
