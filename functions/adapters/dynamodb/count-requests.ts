import { randomUUID } from "node:crypto";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";

/** Requests sent per DynamoDB operation ("GetItem", "UpdateItem", ...). */
export interface RequestCounter {
  /** A snapshot of the counts so far. */
  counts(): Record<string, number>;
  total(): number;
  reset(): void;
  /** Removes the middleware again. */
  detach(): void;
}

type Middleware = Parameters<DynamoDBClient["middlewareStack"]["add"]>[0];

/**
 * Counts the HTTP requests a client sends, per operation, to assert and
 * measure request budgets (cost: a periodic Inform should take 3). The
 * middleware sits in the deserialize step, inside the SDK's retry loop, so
 * every attempt counts (a throttled attempt costs latency, if not money). A DynamoDBDocumentClient
 * shares its middleware stack with the client it was built from: pass that.
 */
export function countRequests(client: DynamoDBClient): RequestCounter {
  const name = `countRequests-${randomUUID()}`;
  let counts = new Map<string, number>();
  const middleware: Middleware = (next, context) => async (args) => {
    const operation = (context.commandName ?? "unknown").replace(/Command$/, "");
    counts.set(operation, (counts.get(operation) ?? 0) + 1);
    return next(args);
  };
  client.middlewareStack.add(middleware, { step: "deserialize", priority: "low", name });
  return {
    counts: () => Object.fromEntries(counts),
    total: () => [...counts.values()].reduce((sum, count) => sum + count, 0),
    reset: () => {
      counts = new Map();
    },
    detach: () => {
      client.middlewareStack.remove(name);
    },
  };
}
