import type * as z from "zod/mini";
import { ValidationError } from "./api-errors.ts";
import type { ApiRequest } from "./api-http.ts";
import { safeParseWithMessages } from "./safe-parse.ts";

/** Validates a request's query string; unknown parameters are errors too. */
export function parseQuery<S extends z.ZodMiniType>(schema: S, request: ApiRequest): z.output<S> {
  const present = Object.fromEntries(
    Object.entries(request.query).filter(([, v]) => v !== undefined),
  );
  const result = safeParseWithMessages(schema, present);
  if (!result.success) throw ValidationError.fromZod("query", result.error);
  return result.data;
}

/** Parses and validates a JSON body. */
export function parseBody<S extends z.ZodMiniType>(schema: S, request: ApiRequest): z.output<S> {
  let value: unknown;
  try {
    value = JSON.parse(request.body ?? "");
  } catch {
    throw new ValidationError([{ field: "body", message: "not valid JSON" }]);
  }
  const result = safeParseWithMessages(schema, value);
  if (!result.success) throw ValidationError.fromZod("body", result.error);
  return result.data;
}

export function parseValue<S extends z.ZodMiniType>(
  schema: S,
  where: "header" | "path",
  name: string,
  value: unknown,
): z.output<S> {
  const result = safeParseWithMessages(schema, value);
  if (!result.success) {
    throw new ValidationError([
      { field: `${where}.${name}`, message: result.error.issues[0]?.message ?? "invalid" },
    ]);
  }
  return result.data;
}
