import * as z from "zod";
import { fileTypes } from "../core/model/file-record.ts";

/** POST /files: a file's metadata; its bytes follow to the upload URL in the answer. */
export const fileSchema = z.strictObject({
  name: z
    .string()
    .regex(/^[^/\\\p{Cc}]{1,255}$/u, "1-255 characters, no slashes or control characters")
    .describe("The file name CPEs see as TargetFileName"),
  fileType: z.enum(fileTypes).describe("TR-069 A.3.2.8 FileType"),
  version: z
    .string()
    .min(1)
    .max(64)
    // Kept as object metadata and sent to CPEs as the x-amz-meta-version header.
    .regex(/^[\x20-\x7E]+$/, "printable ASCII")
    .optional()
    .describe("For firmware: the SoftwareVersion a CPE reports once it runs this image"),
  oui: z
    .array(z.string().regex(/^[0-9A-Fa-f]{6}$/, "six hex digits"))
    .max(100)
    .optional(),
  productClasses: z.array(z.string().min(1).max(64)).max(100).optional(),
  size: z.number().int().min(0).optional().describe("Bytes; the upload must match when given"),
  sha256: z
    .string()
    .regex(/^[0-9A-Fa-f]{64}$/, "64 hex digits")
    .transform((hex) => hex.toLowerCase())
    .optional()
    .describe("Hex SHA-256; the upload must match when given"),
});

export type FileInput = z.output<typeof fileSchema>;

export const fileListQuerySchema = z.strictObject({
  fileType: z.enum(fileTypes).optional(),
  oui: z
    .string()
    .regex(/^[0-9A-Fa-f]{6}$/, "six hex digits")
    .optional(),
  productClass: z.string().min(1).max(64).optional(),
  version: z.string().min(1).max(64).optional(),
  state: z.enum(["pending-upload", "ready"]).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().max(2048).optional(),
});

/** GET /devices/{id}/files: what the device uploaded (Upload tasks without a URL). */
export const deviceFileListQuerySchema = fileListQuerySchema.pick({
  state: true,
  limit: true,
  cursor: true,
});
