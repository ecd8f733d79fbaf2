import { randomUUID } from "node:crypto";
import type { ConsumedCapacity, DynamoDBClient } from "@aws-sdk/client-dynamodb";

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
  /** Units DynamoDB reported as consumed so far: zero unless `consumedCapacity` was asked for. */
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
   * set it, and sum what comes back into `units()`. @default false
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
 * measure request budgets (cost: a periodic Inform should take 3). The
 * middleware sits in the deserialize step, inside the SDK's retry loop, so
 * every attempt counts (a throttled attempt costs latency, if not money). A DynamoDBDocumentClient
 * shares its middleware stack with the client it was built from: pass that.
 *
 * With `consumedCapacity`, an initialize-step middleware on the same stack asks each data
 * request for its consumed capacity and sums the units from the parsed responses (one
 * ConsumedCapacity object, or an array of them for the batch operations). What the units
 * cover depends on who answers:
 * - DynamoDB counts the table and every index it writes (a GSI that projects the item costs
 *   its own write units), rounded per item: writes per 1 KB, reads per 4 KB, an eventually
 *   consistent read half a unit.
 * - dynalite (the local stand-in) counts the base table only: an UpdateItem costs
 *   max(old, new) item size in KB, rounded up; GSI writes are missing from its figure.
 * - A write that fails its condition is charged by DynamoDB but its error carries no
 *   ConsumedCapacity, so it is not in `units()` either way (it is in `counts()`).
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
  const middleware: Middleware = (next, context) => async (args) => {
    const operation = (context.commandName ?? "unknown").replace(/Command$/, "");
    counts.set(operation, (counts.get(operation) ?? 0) + 1);
    return next(args);
  };
  client.middlewareStack.add(middleware, { step: "deserialize", priority: "low", name });
  if (options.consumedCapacity) {
    // Outside the retry loop and after deserialization: only the final, parsed answer carries units.
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const operation = (context.commandName ?? "unknown").replace(/Command$/, "");
        const result = await next(withCapacityAsked(operation, args));
        addUnits(operation, result.output);
        return result;
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
