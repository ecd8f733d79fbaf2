import * as z from "zod/mini";

/**
 * Small pieces the API's zod/mini schemas share: mini has no methods such as
 * `.describe()` or `.int().min().max()`, so these keep the schema files readable.
 */

/** `schema` with a description (the OpenAPI document shows it), as classic zod's `.describe()`. */
export const described = <T extends z.ZodMiniType>(schema: T, description: string): T =>
  schema.check(z.describe(description)) as T;

/** An integer in [min, max], as classic zod's `z.number().int().min(min).max(max)`. */
export const integerIn = (min: number, max: number) =>
  z.number().check(z.int(), z.gte(min), z.lte(max));
