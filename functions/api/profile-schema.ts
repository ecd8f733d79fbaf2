import { z } from "zod";
import { knownXsdTypes } from "../core/cwmp/xsd-type.ts";
import { deviceFilterShape } from "./query-schemas.ts";

/**
 * PUT /profiles/{name} (issue 6): a declarative provisioning profile,
 * validated like every other input. Names follow TR-106 paths.
 */
const path = z
  .string()
  .min(1)
  .max(256)
  .regex(
    /^[A-Za-z_][A-Za-z0-9_-]*(\.([A-Za-z_][A-Za-z0-9_-]*|[0-9]+))*\.?$/,
    "not a TR-106 parameter path",
  );
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
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, "1-63 of a-z 0-9 -, starting with a letter or digit");

export const profileSchema = z.strictObject({
  precondition: z
    .strictObject({
      oui: deviceFilterShape.oui,
      productClass: deviceFilterShape.productClass,
      serialPrefix: deviceFilterShape.serialPrefix,
      tags: z
        .array(z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/))
        .max(16)
        .optional(),
      events: z.array(z.string().min(1).max(64)).max(16).optional(),
      parameters: z.record(path, value).optional(),
    })
    .default({}),
  parameterValues: z
    .array(z.tuple([path, value, xsdType.optional()]))
    .max(500)
    .default([]),
  objects: z
    .array(
      z.strictObject({
        table: path.refine((table) => table.endsWith("."), "a table path ends with '.'"),
        match: z.record(relative, value).default({}),
        parameterValues: z
          .array(z.tuple([relative, value, xsdType.optional()]))
          .max(200)
          .default([]),
      }),
    )
    .max(20)
    .default([]),
  notifications: z
    .array(z.strictObject({ name: path, notification: z.number().int().min(0).max(6) }))
    .max(200)
    .default([]),
});

export type ProfileInput = z.output<typeof profileSchema>;
