import type { z } from "zod";
import { StoreItemInvalidError } from "./errors.ts";
import type { Item } from "./table-client.ts";

/**
 * Reads an item through its schema: the record it holds, or
 * StoreItemInvalidError naming the item and the first field that does not fit.
 */
export function parseItem<S extends z.ZodType>(schema: S, item: Item): z.output<S> {
  const parsed = schema.safeParse(item);
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
