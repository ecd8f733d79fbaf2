import * as z from "zod/mini";
import { knownXsdTypes } from "../core/cwmp/xsd-type.ts";
import { isUploadFileType } from "../core/model/file-record.ts";
import { escapeXml } from "../core/xml/escape-xml.ts";
import { moreRpcTaskSchemas } from "./more-rpc-task-schemas.ts";
import { described, integerIn } from "./schema-parts.ts";

/**
 * The API's task bodies (one per task the session engine runs), validated
 * with zod/mini (in the API's cold start: no classic zod, see parse-input.ts); the OpenAPI
 * document is generated from these same schemas.
 * Parameter paths follow TR-106: dot-separated names, objects end in ".".
 */
/** A TR-106 path: dot-separated names and instance numbers; an object path ends in ".". */
export const tr106PathSchema = z
  .string()
  .check(
    z.minLength(1),
    z.maxLength(256),
    z.regex(
      /^[A-Za-z_][A-Za-z0-9_-]*(\.([A-Za-z_][A-Za-z0-9_-]*|[0-9]+))*\.?$/,
      "not a TR-106 parameter path",
    ),
  );
const parameterName = tr106PathSchema.check(
  z.describe("A TR-106 parameter path, e.g. Device.WiFi.SSID.1.SSID"),
);

const objectPath = parameterName.check(
  z.refine((path) => path.endsWith("."), "an object path must end with '.'"),
);

/** "xsd:string" or "string"; any of the types TR-069 A.3.2.1 allows. */
const xsdType = z
  .pipe(
    z.pipe(
      z.string(),
      z.transform((type: string) => type.replace(/^xsd:/, "")),
    ),
    z.enum(knownXsdTypes),
  )
  .check(z.describe("xsi type, e.g. xsd:string, xsd:unsignedInt, xsd:boolean"));

const xmlText = z.string().check(
  z.maxLength(16_384),
  // XML 1.0 cannot carry some characters (section 2.2): refuse them here, not at encode time.
  z.refine(canBeSentInXml, "contains a character XML cannot carry"),
);

function canBeSentInXml(text: string): boolean {
  try {
    escapeXml(text);
    return true;
  } catch {
    return false;
  }
}

const url = z.url({ protocol: /^(https?|ftp)$/ }).check(z.maxLength(1024));

/** A file of the ACS's store (time-sortable id, as GET /files shows it). */
const fileId = z.string().check(z.regex(/^[0-9A-Z]{26}$/, "not a file id"));

/** Text of at most `max` characters that XML can carry. */
const shortText = (max: number) => xmlText.check(z.maxLength(max));

/** The file server's password of a transfer: stored sealed, never shown (task-secrets.ts). */
const transferPassword = (section: string) =>
  described(
    z.optional(shortText(256)),
    `The file server's password (${section}). Stored sealed (422 without ACS_SECRETS_KEY), sent to the CPE in clear, shown as "********".`,
  );

const parameterList = z.array(parameterName).check(z.minLength(1), z.maxLength(1000));

/** Download's fields: a URL or a file of the store, exactly one (TR-069 A.3.2.8). */
const downloadSpec = z
  .strictObject({
    name: z.literal("download"),
    fileType: described(
      z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
      'e.g. "1 Firmware Upgrade Image"; with fileId, the file\'s',
    ),
    url: described(z.optional(url), "Another file server's URL; give this or fileId"),
    fileId: described(
      z.optional(fileId),
      "A ready file of GET /files: the ACS fills FileType, FileSize and TargetFileName, and presigns the URL when the RPC is sent",
    ),
    username: z.optional(shortText(256)),
    password: transferPassword("TR-069 A.3.2.8"),
    fileSize: z.optional(integerIn(0, 4294967295)),
    targetFileName: z.optional(shortText(256)),
    delaySeconds: z.optional(integerIn(0, 86400)),
  })
  .check(
    z.superRefine((spec, context) => {
      if ((spec.url === undefined) === (spec.fileId === undefined))
        context.addIssue({
          code: "custom",
          path: ["fileId"],
          message: "give exactly one of url or fileId",
        });
      if (spec.url !== undefined && spec.fileType === undefined)
        context.addIssue({ code: "custom", path: ["fileType"], message: "required with url" });
      if (spec.fileId !== undefined)
        for (const field of ["fileType", "fileSize", "username", "password"] as const)
          if (spec[field] !== undefined)
            context.addIssue({
              code: "custom",
              path: [field],
              message: "not with fileId: the ACS fills it from the file",
            });
    }),
  );

/** Upload's fields: without a URL, to the ACS's own store (TR-069 A.4.1.5). */
const uploadSpec = z
  .strictObject({
    name: z.literal("upload"),
    fileType: described(
      z.string().check(z.minLength(1), z.maxLength(64)),
      'e.g. "1 Vendor Configuration File"',
    ),
    url: described(
      z.optional(url),
      "Another file server's URL; without it the CPE uploads to the ACS (GET /devices/{id}/files)",
    ),
    username: z.optional(shortText(256)),
    password: transferPassword("TR-069 A.4.1.5"),
    delaySeconds: z.optional(integerIn(0, 86400)),
  })
  .check(
    z.superRefine((spec, context) => {
      if (spec.url !== undefined) return;
      if (!isUploadFileType(spec.fileType))
        context.addIssue({
          code: "custom",
          path: ["fileType"],
          message: "without url, an Upload FileType of TR-069 A.4.1.5 (e.g. 2 Vendor Log File)",
        });
      for (const field of ["username", "password"] as const)
        if (spec[field] !== undefined)
          context.addIssue({
            code: "custom",
            path: [field],
            message: "not without url: the ACS's upload URL needs none",
          });
    }),
  );

export const taskSpecSchema = z.discriminatedUnion("name", [
  z.strictObject({ name: z.literal("getParameterValues"), parameterNames: parameterList }),
  z.strictObject({
    name: z.literal("setParameterValues"),
    parameterValues: z
      .array(z.tuple([parameterName, xmlText, z.optional(xsdType)]))
      .check(z.minLength(1), z.maxLength(1000)),
    parameterKey: z.optional(shortText(32)),
  }),
  z.strictObject({
    name: z.literal("getParameterNames"),
    parameterPath: z.union([z.literal(""), parameterName]),
    nextLevel: z.optional(z.boolean()),
  }),
  z.strictObject({ name: z.literal("getParameterAttributes"), parameterNames: parameterList }),
  z.strictObject({
    name: z.literal("setParameterAttributes"),
    parameters: z
      .array(
        z.strictObject({
          name: parameterName,
          notification: z.optional(integerIn(0, 6)),
          accessList: z.optional(z.array(z.string().check(z.maxLength(64))).check(z.maxLength(8))),
        }),
      )
      .check(z.minLength(1), z.maxLength(1000)),
  }),
  z.strictObject({
    name: z.literal("addObject"),
    objectName: objectPath,
    parameterKey: z.optional(shortText(32)),
  }),
  z.strictObject({
    name: z.literal("deleteObject"),
    objectName: objectPath,
    parameterKey: z.optional(shortText(32)),
  }),
  z.strictObject({ name: z.literal("reboot") }),
  z.strictObject({ name: z.literal("factoryReset") }),
  downloadSpec,
  uploadSpec,
  z.strictObject({
    name: z.literal("scheduleInform"),
    delaySeconds: integerIn(1, 4294967295),
    commandKey: z.optional(shortText(32)),
  }),
  ...moreRpcTaskSchemas({ url, xmlText, transferPassword }),
]);

export type TaskSpecInput = z.input<typeof taskSpecSchema>;
