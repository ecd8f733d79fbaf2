import * as z from "zod";
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
 * Reads an item through its schema: the record it holds, or
 * StoreItemInvalidError naming the item and the first field that does not fit.
 */
export function parseItem<S extends z.ZodType>(schema: S, item: Item): z.output<S> {
  return parse(schema, item, item);
}

/**
 * A record stored whole at the top level of its item (tasks, campaigns,
 * profiles): the item without its layout attributes, checked by `schema`.
 */
export function recordFromItem<S extends z.ZodType>(schema: S, item: Item): z.output<S> {
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
): z.ZodType<T> {
  return z.custom<T>(
    (value) => typeof value === "object" && value !== null && check({ ...value }),
    description,
  );
}

function parse<S extends z.ZodType>(schema: S, value: unknown, item: Item): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const key = [item.pk, item.sk].filter((part) => typeof part === "string").join(" ");
  throw new StoreItemInvalidError(
    key || "(no key)",
    issue?.path.join(".") || "(item)",
    issue?.message ?? "invalid",
    { cause: parsed.error },
  );
}
