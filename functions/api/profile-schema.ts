import * as z from "zod";
import { knownXsdTypes } from "../core/cwmp/xsd-type.ts";
import { deviceFilterShape } from "./query-schemas.ts";
import { taskSpecSchema, tr106PathSchema } from "./task-schema.ts";

/**
 * PUT /profiles/{name}: a declarative provisioning profile,
 * validated like every other input. Names follow TR-106 paths.
 */
const path = tr106PathSchema;
const relative = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_.-]*$/, "a parameter name relative to the instance");
const xsdType = z
  .string()
  .transform((type) => type.replace(/^xsd:/, ""))
  .pipe(z.enum(knownXsdTypes));
const value = z.string().max(4096);

export const profileNameSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, "1-63 of a-z 0-9 -, starting with a letter or digit")
  .refine((name) => !name.startsWith("builtin-"), "names starting with builtin- are reserved");

const valueTuples = (max: number, name: z.ZodType<string>) =>
  z
    .array(z.tuple([name, value, xsdType.optional()]))
    .max(max)
    .default([]);
const tablePath = path.refine((table) => table.endsWith("."), "a table path ends with '.'");
const notification = z.number().int().min(0).max(6);

/** An object inside an instance (e.g. "Server." inside an XMPP connection): one level deep. */
const nestedObject = z.strictObject({
  table: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_-]*\.$/, "a table name relative to the instance, ending in '.'"),
  match: z.record(relative, value).default({}),
  parameterValues: valueTuples(200, relative),
});

const desiredObject = z.strictObject({
  table: tablePath,
  match: z.record(relative, value).default({}),
  parameterValues: valueTuples(200, relative),
  objects: z.array(nestedObject).max(8).default([]),
  /** Parameters that must hold a reference to the instance (e.g. ConnReqXMPPConnection). */
  referencedBy: z.array(path).max(8).default([]),
  notifications: z
    .array(z.strictObject({ name: relative, notification }))
    .max(50)
    .default([]),
});

export const profileSchema = z.strictObject({
  precondition: z
    .strictObject({
      root: z.enum(["Device.", "InternetGatewayDevice."]).optional(),
      oui: deviceFilterShape.oui,
      productClass: deviceFilterShape.productClass,
      serialPrefix: deviceFilterShape.serialPrefix,
      tags: z
        .array(z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/))
        .max(16)
        .optional(),
      events: z.array(z.string().min(1).max(64)).max(16).optional(),
      parameters: z.record(path, value).optional(),
      parametersInclude: z.record(path, z.string().min(1).max(64)).optional(),
    })
    .default({}),
  requires: z.array(path).max(16).default([]),
  parameterValues: valueTuples(500, path),
  objects: z.array(desiredObject).max(20).default([]),
  notifications: z
    .array(z.strictObject({ name: path, notification }))
    .max(200)
    .default([]),
  tasks: z.array(taskSpecSchema).max(8).default([]),
});

export type ProfileInput = z.output<typeof profileSchema>;
