import * as z from "zod/mini";
import { fileTypes } from "../core/model/file-record.ts";
import { described } from "./schema-parts.ts";

const sixHexDigits = z.string().check(z.regex(/^[0-9A-Fa-f]{6}$/, "six hex digits"));
const shortName = z.string().check(z.minLength(1), z.maxLength(64));

/** POST /files: a file's metadata; its bytes follow to the upload URL in the answer. */
export const fileSchema = z.strictObject({
  name: described(
    z
      .string()
      .check(
        z.regex(/^[^/\\\p{Cc}]{1,255}$/u, "1-255 characters, no slashes or control characters"),
      ),
    "The file name CPEs see as TargetFileName",
  ),
  fileType: described(z.enum(fileTypes), "TR-069 A.3.2.8 FileType"),
  version: described(
    z.optional(
      // Kept as object metadata and sent to CPEs as the x-amz-meta-version header.
      shortName.check(z.regex(/^[\x20-\x7E]+$/, "printable ASCII")),
    ),
    "For firmware: the SoftwareVersion a CPE reports once it runs this image",
  ),
  oui: z.optional(z.array(sixHexDigits).check(z.maxLength(100))),
  productClasses: z.optional(z.array(shortName).check(z.maxLength(100))),
  size: described(
    z.optional(z.number().check(z.int(), z.gte(0))),
    "Bytes; the upload must match when given",
  ),
  sha256: described(
    z.optional(
      z.pipe(
        z.string().check(z.regex(/^[0-9A-Fa-f]{64}$/, "64 hex digits")),
        z.transform((hex: string) => hex.toLowerCase()),
      ),
    ),
    "Hex SHA-256; the upload must match when given",
  ),
});

export type FileInput = z.output<typeof fileSchema>;

export const fileListQuerySchema = z.strictObject({
  fileType: z.optional(z.enum(fileTypes)),
  oui: z.optional(sixHexDigits),
  productClass: z.optional(shortName),
  version: z.optional(shortName),
  state: z.optional(z.enum(["pending-upload", "ready"])),
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(500)), 100),
  cursor: z.optional(z.string().check(z.maxLength(2048))),
});

/** GET /devices/{id}/files: what the device uploaded (Upload tasks without a URL). */
export const deviceFileListQuerySchema = z.pick(fileListQuerySchema, {
  state: true,
  limit: true,
  cursor: true,
});
