import * as z from "zod/mini";
import en from "zod/v4/locales/en.js";

/**
 * zod's English wording of an issue, built once (a closure over constant tables, no state).
 * zod/mini loads no locale: without this its messages are a bare "Invalid input". Classic zod
 * installs this same locale globally (`z.config(en())`) when it builds its first schema; here
 * it is handed to each parse instead, so the wording does not depend on whether some other
 * module in the process built a classic schema (the API's Lambda bundle has none, tests do).
 */
const { localeError } = en();

/**
 * `schema.safeParse(value)` with the issue messages classic zod gives (a message a schema
 * names itself, such as a regex's "six hex digits", still wins): the API's error bodies and
 * the connection-request queue's dead-letter reasons say what they said on classic zod.
 */
export function safeParseWithMessages<S extends z.ZodMiniType>(
  schema: S,
  value: unknown,
): z.core.util.SafeParseResult<z.output<S>> {
  return z.safeParse(schema, value, { error: localeError });
}
