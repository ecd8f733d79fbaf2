import * as z from "zod/mini";
import { StoreItemInvalidError } from "./errors.ts";
import type { Item } from "./table-client.ts";

/** Attributes of the table layout (keys, index keys, TTL), never part of a record. */
const layoutAttributes: ReadonlySet<string> = new Set([
  "pk",
  "sk",
  "gsi1pk",
  "gsi1sk",
  "gsi2pk",
  "gsi2sk",
  "ttl",
]);

/**
 * Reads an item through its schema (zod/mini: the same checks as classic zod, without
 * building a bound method per schema at import or loading classic zod's JSON-schema code;
 * this file and its schemas are in every CWMP cold start): the record it holds, or
 * StoreItemInvalidError naming the item and the first field that does not fit.
 */
export function parseItem<S extends z.ZodMiniType>(schema: S, item: Item): z.output<S> {
  return parse(schema, item, item);
}

/**
 * A record stored whole at the top level of its item (tasks, campaigns,
 * profiles): the item without its layout attributes, checked by `schema`.
 */
export function recordFromItem<S extends z.ZodMiniType>(schema: S, item: Item): z.output<S> {
  const record = Object.fromEntries(
    Object.entries(item).filter(([name]) => !layoutAttributes.has(name)),
  );
  return parse(schema, record, item);
}

/**
 * A record owned by another layer, checked for the fields this adapter relies
 * on (conditions, ordering, keys); the rest is that layer's data.
 */
export function storedRecord<T>(
  description: string,
  check: (record: Record<string, unknown>) => boolean,
): z.ZodMiniType<T> {
  return z.custom<T>(
    (value: unknown) => typeof value === "object" && value !== null && check({ ...value }),
    description,
  );
}

function parse<S extends z.ZodMiniType>(schema: S, value: unknown, item: Item): z.output<S> {
  const parsed = z.safeParse(schema, value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const key = [item.pk, item.sk].filter((part) => typeof part === "string").join(" ");
  throw new StoreItemInvalidError(
    key || "(no key)",
    issue?.path.join(".") || "(item)",
    issue ? describeIssue(issue) : "invalid",
    { cause: parsed.error },
  );
}

/**
 * What was wrong, in words: zod/mini loads no locale, so its own message is a bare
 * "Invalid input" except where a schema gave one (the `storedRecord` descriptions).
 */
function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case "invalid_type":
      return `expected ${issue.expected}`;
    case "invalid_value":
      return `expected one of ${issue.values.map(String).join(", ")}`;
    case "too_small":
      return `expected at least ${String(issue.minimum)}`;
    default:
      return issue.message === "Invalid input" ? issue.code : issue.message;
  }
}
