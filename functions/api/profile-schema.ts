import * as z from "zod/mini";
import { knownXsdTypes } from "../core/cwmp/xsd-type.ts";
import { deviceFilterShape } from "./query-schemas.ts";
import { integerIn } from "./schema-parts.ts";
import { taskSpecSchema, tr106PathSchema } from "./task-schema.ts";

/**
 * PUT /profiles/{name}: a declarative provisioning profile,
 * validated like every other input. Names follow TR-106 paths.
 */
const path = tr106PathSchema;
const relative = z
  .string()
  .check(z.regex(/^[A-Za-z_][A-Za-z0-9_.-]*$/, "a parameter name relative to the instance"));
const xsdType = z.pipe(
  z.pipe(
    z.string(),
    z.transform((type: string) => type.replace(/^xsd:/, "")),
  ),
  z.enum(knownXsdTypes),
);
const value = z.string().check(z.maxLength(4096));

export const profileNameSchema = z.string().check(
  z.regex(/^[a-z0-9][a-z0-9-]{0,62}$/, "1-63 of a-z 0-9 -, starting with a letter or digit"),
  z.refine((name) => !name.startsWith("builtin-"), "names starting with builtin- are reserved"),
);

/** A list of at most `max` items, empty when absent. */
const listOf = <T extends z.ZodMiniType>(item: T, max: number) =>
  z._default(z.array(item).check(z.maxLength(max)), []);
const valueTuples = (max: number, name: z.ZodMiniType<string>) =>
  listOf(z.tuple([name, value, z.optional(xsdType)]), max);
const tablePath = path.check(
  z.refine((table) => table.endsWith("."), "a table path ends with '.'"),
);
const notification = integerIn(0, 6);

/** An object inside an instance (e.g. "Server." inside an XMPP connection): one level deep. */
const nestedObject = z.strictObject({
  table: z
    .string()
    .check(
      z.regex(
        /^[A-Za-z_][A-Za-z0-9_-]*\.$/,
        "a table name relative to the instance, ending in '.'",
      ),
    ),
  match: z._default(z.record(relative, value), {}),
  parameterValues: valueTuples(200, relative),
});

const desiredObject = z.strictObject({
  table: tablePath,
  match: z._default(z.record(relative, value), {}),
  parameterValues: valueTuples(200, relative),
  objects: listOf(nestedObject, 8),
  /** Parameters that must hold a reference to the instance (e.g. ConnReqXMPPConnection). */
  referencedBy: listOf(path, 8),
  notifications: listOf(z.strictObject({ name: relative, notification }), 50),
});

export const profileSchema = z.strictObject({
  precondition: z._default(
    z.strictObject({
      root: z.optional(z.enum(["Device.", "InternetGatewayDevice."])),
      oui: deviceFilterShape.oui,
      productClass: deviceFilterShape.productClass,
      serialPrefix: deviceFilterShape.serialPrefix,
      tags: z.optional(
        z.array(z.string().check(z.regex(/^[A-Za-z0-9_.:-]{1,64}$/))).check(z.maxLength(16)),
      ),
      events: z.optional(
        z.array(z.string().check(z.minLength(1), z.maxLength(64))).check(z.maxLength(16)),
      ),
      parameters: z.optional(z.record(path, value)),
      parametersInclude: z.optional(
        z.record(path, z.string().check(z.minLength(1), z.maxLength(64))),
      ),
    }),
    {},
  ),
  requires: listOf(path, 16),
  parameterValues: valueTuples(500, path),
  objects: listOf(desiredObject, 20),
  notifications: listOf(z.strictObject({ name: path, notification }), 200),
  tasks: listOf(taskSpecSchema, 8),
});

export type ProfileInput = z.output<typeof profileSchema>;
