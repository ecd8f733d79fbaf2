import * as z from "zod";
import { knownXsdTypes } from "../core/cwmp/xsd-type.ts";
import { isUploadFileType } from "../core/model/file-record.ts";
import { escapeXml } from "../core/xml/escape-xml.ts";
import { moreRpcTaskSchemas } from "./more-rpc-task-schemas.ts";

/**
 * The API's task bodies (one per task the session engine runs), validated
 * with zod; the OpenAPI document is generated from these same schemas.
 * Parameter paths follow TR-106: dot-separated names, objects end in ".".
 */
/** A TR-106 path: dot-separated names and instance numbers; an object path ends in ".". */
export const tr106PathSchema = z
  .string()
  .min(1)
  .max(256)
  .regex(
    /^[A-Za-z_][A-Za-z0-9_-]*(\.([A-Za-z_][A-Za-z0-9_-]*|[0-9]+))*\.?$/,
    "not a TR-106 parameter path",
  );
const parameterName = tr106PathSchema.describe(
  "A TR-106 parameter path, e.g. Device.WiFi.SSID.1.SSID",
);

const objectPath = parameterName.refine(
  (path) => path.endsWith("."),
  "an object path must end with '.'",
);

/** "xsd:string" or "string"; any of the types TR-069 A.3.2.1 allows. */
const xsdType = z
  .string()
  .transform((type) => type.replace(/^xsd:/, ""))
  .pipe(z.enum(knownXsdTypes))
  .describe("xsi type, e.g. xsd:string, xsd:unsignedInt, xsd:boolean");

const xmlText = z
  .string()
  .max(16_384)
  // XML 1.0 cannot carry some characters (section 2.2): refuse them here, not at encode time.
  .refine(canBeSentInXml, "contains a character XML cannot carry");

function canBeSentInXml(text: string): boolean {
  try {
    escapeXml(text);
    return true;
  } catch {
    return false;
  }
}

const url = z.url({ protocol: /^(https?|ftp)$/ }).max(1024);

/** A file of the ACS's store (time-sortable id, as GET /files shows it). */
const fileId = z.string().regex(/^[0-9A-Z]{26}$/, "not a file id");

/** The file server's password of a transfer: stored sealed, never shown (task-secrets.ts). */
const transferPassword = (section: string) =>
  xmlText
    .max(256)
    .optional()
    .describe(
      `The file server's password (${section}). Stored sealed (422 without ACS_SECRETS_KEY), sent to the CPE in clear, shown as "********".`,
    );

export const taskSpecSchema = z.discriminatedUnion("name", [
  z.strictObject({
    name: z.literal("getParameterValues"),
    parameterNames: z.array(parameterName).min(1).max(1000),
  }),
  z.strictObject({
    name: z.literal("setParameterValues"),
    parameterValues: z
      .array(z.tuple([parameterName, xmlText, xsdType.optional()]))
      .min(1)
      .max(1000),
    parameterKey: xmlText.max(32).optional(),
  }),
  z.strictObject({
    name: z.literal("getParameterNames"),
    parameterPath: z.union([z.literal(""), parameterName]),
    nextLevel: z.boolean().optional(),
  }),
  z.strictObject({
    name: z.literal("getParameterAttributes"),
    parameterNames: z.array(parameterName).min(1).max(1000),
  }),
  z.strictObject({
    name: z.literal("setParameterAttributes"),
    parameters: z
      .array(
        z.strictObject({
          name: parameterName,
          notification: z.number().int().min(0).max(6).optional(),
          accessList: z.array(z.string().max(64)).max(8).optional(),
        }),
      )
      .min(1)
      .max(1000),
  }),
  z.strictObject({
    name: z.literal("addObject"),
    objectName: objectPath,
    parameterKey: xmlText.max(32).optional(),
  }),
  z.strictObject({
    name: z.literal("deleteObject"),
    objectName: objectPath,
    parameterKey: xmlText.max(32).optional(),
  }),
  z.strictObject({ name: z.literal("reboot") }),
  z.strictObject({ name: z.literal("factoryReset") }),
  z
    .strictObject({
      name: z.literal("download"),
      fileType: z
        .string()
        .min(1)
        .max(64)
        .optional()
        .describe('e.g. "1 Firmware Upgrade Image"; with fileId, the file\'s'),
      url: url.optional().describe("Another file server's URL; give this or fileId"),
      fileId: fileId
        .optional()
        .describe(
          "A ready file of GET /files: the ACS fills FileType, FileSize and TargetFileName, and presigns the URL when the RPC is sent",
        ),
      username: xmlText.max(256).optional(),
      password: transferPassword("TR-069 A.3.2.8"),
      fileSize: z.number().int().min(0).max(4294967295).optional(),
      targetFileName: xmlText.max(256).optional(),
      delaySeconds: z.number().int().min(0).max(86400).optional(),
    })
    .superRefine((spec, context) => {
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
  z
    .strictObject({
      name: z.literal("upload"),
      fileType: z.string().min(1).max(64).describe('e.g. "1 Vendor Configuration File"'),
      url: url
        .optional()
        .describe(
          "Another file server's URL; without it the CPE uploads to the ACS (GET /devices/{id}/files)",
        ),
      username: xmlText.max(256).optional(),
      password: transferPassword("TR-069 A.4.1.5"),
      delaySeconds: z.number().int().min(0).max(86400).optional(),
    })
    .superRefine((spec, context) => {
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
  z.strictObject({
    name: z.literal("scheduleInform"),
    delaySeconds: z.number().int().min(1).max(4294967295),
    commandKey: xmlText.max(32).optional(),
  }),
  ...moreRpcTaskSchemas({ url, xmlText, transferPassword }),
]);

export type TaskSpecInput = z.input<typeof taskSpecSchema>;
