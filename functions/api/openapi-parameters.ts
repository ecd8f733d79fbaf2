import * as z from "zod/mini";
import { profileNameSchema } from "./profile-schema.ts";
import { tagSchema } from "./query-schemas.ts";
import { cpeUsernameSchema } from "./routes/credential-routes.ts";

/** A request schema as JSON Schema: what the API accepts, generated from the zod schema that checks it. */
export const jsonSchema = (schema: z.ZodMiniType) =>
  z.toJSONSchema(schema, { io: "input", unrepresentable: "any" });

export function queryParameters(schema: z.ZodMiniObject) {
  const shape = jsonSchema(schema) as { properties?: Record<string, object>; required?: string[] };
  return Object.entries(shape.properties ?? {}).map(([name, property]) => ({
    name,
    in: "query",
    required: shape.required?.includes(name) ?? false,
    schema: property,
  }));
}

export const deviceId = {
  name: "id",
  in: "path",
  required: true,
  description:
    "Device id OUI-ProductClass-SerialNumber, each part percent-escaped (e.g. 00D09E-HGW%2D1-S1)",
  schema: { type: "string" },
};
/** A path parameter holding a ULID (task and campaign ids). */
const ulidParameter = (name: string) => ({
  name,
  in: "path",
  required: true,
  schema: { type: "string", pattern: "^[0-9A-Z]{26}$" },
});
export const taskId = ulidParameter("taskId");
export const campaignId = ulidParameter("campaignId");
export const tag = { name: "tag", in: "path", required: true, schema: jsonSchema(tagSchema) };
export const cpeUsername = {
  name: "username",
  in: "path",
  required: true,
  schema: jsonSchema(cpeUsernameSchema),
};
export const profileName = {
  name: "name",
  in: "path",
  required: true,
  schema: jsonSchema(profileNameSchema),
};
