import { fileTypes } from "../core/model/file-record.ts";
import { deviceFileListQuerySchema, fileListQuerySchema, fileSchema } from "./file-schema.ts";
import { jsonSchema, queryParameters } from "./openapi-parameters.ts";
import { body, deleted, errors, ref, reply } from "./openapi-paths.ts";

const fileId = {
  name: "fileId",
  in: "path",
  required: true,
  schema: { type: "string", pattern: "^[0-9A-Z]{26}$" },
};
const time = { type: "string", format: "date-time" };
/** GET /files and GET /devices/{deviceId}/files: the same page of File records. */
const filePage = reply("One page", {
  type: "object",
  required: ["files"],
  properties: { files: { type: "array", items: ref("File") }, cursor: { type: "string" } },
});
const unconfigured = {
  "503": reply("No file store configured (ACS_FILES_BUCKET), or storage unavailable", ref("Error")),
};

/** Files CPEs download (firmware images, configuration files): upload, check, list, delete. */
export function filePaths() {
  return {
    "/files": {
      post: {
        summary: "Declare a file; answered with where to upload its bytes",
        description:
          'Then PUT the bytes to `upload.url` with `upload.headers` (e.g. `curl -T image.bin "<upload.url>"`) and call POST /files/{fileId}/complete.',
        requestBody: { required: true, ...body(jsonSchema(fileSchema)) },
        responses: {
          "201": reply("Created, pending upload", {
            allOf: [
              ref("File"),
              { type: "object", required: ["upload"], properties: { upload: ref("UploadTarget") } },
            ],
          }),
          ...errors,
          ...unconfigured,
        },
      },
      get: {
        summary: "Files, filtered, oldest first",
        parameters: queryParameters(fileListQuerySchema),
        responses: {
          "200": filePage,
          ...errors,
          ...unconfigured,
        },
      },
    },
    "/files/{fileId}/complete": {
      post: {
        summary:
          "Check the uploaded bytes against the declared size and SHA-256; mark the file ready",
        parameters: [fileId],
        responses: {
          "200": reply("Ready, with the stored size and SHA-256", ref("File")),
          "409": reply("Nothing uploaded yet", ref("Error")),
          "422": reply(
            "Uploaded bytes differ from the declared ones (removed; upload again)",
            ref("Error"),
          ),
          ...errors,
          ...unconfigured,
        },
      },
    },
    "/devices/{deviceId}/files": {
      get: {
        summary: "Files the device uploaded (Upload tasks without a url), oldest first",
        description:
          "Each is downloaded through GET /files/{fileId} (`url`, once the CPE's TransferComplete marked it ready).",
        parameters: [
          { name: "deviceId", in: "path", required: true, schema: { type: "string" } },
          ...queryParameters(deviceFileListQuerySchema),
        ],
        responses: {
          "200": filePage,
          ...errors,
          ...unconfigured,
        },
      },
    },
    "/files/{fileId}": {
      get: {
        summary: "A file; `url` downloads it once ready",
        parameters: [fileId],
        responses: { "200": reply("The file", ref("File")), ...errors, ...unconfigured },
      },
      delete: {
        summary: "Delete a file's bytes and metadata",
        parameters: [fileId],
        responses: {
          "200": reply("Deleted", deleted),
          "409": reply("A rollout uses the file", ref("Error")),
          ...errors,
          ...unconfigured,
        },
      },
    },
  };
}

export const fileResponseSchemas = {
  File: {
    type: "object",
    required: ["id", "name", "fileType", "size", "state", "createdAt"],
    properties: {
      id: { type: "string" },
      name: { type: "string" },
      fileType: {
        type: "string",
        description:
          "A Download FileType (TR-069 A.3.2.8) of an operator's file, or an Upload FileType (A.4.1.5) of a device's",
        examples: [...fileTypes, "2 Vendor Log File"],
      },
      deviceId: { type: "string", description: "The device that uploaded it" },
      version: { type: "string" },
      oui: { type: "array", items: { type: "string" } },
      productClasses: { type: "array", items: { type: "string" } },
      size: {
        type: "integer",
        description: "As declared (0 if not) while pending; as stored once ready",
      },
      sha256: {
        type: "string",
        description: "Hex; as declared while pending, as stored once ready",
      },
      state: { enum: ["pending-upload", "ready"] },
      createdAt: time,
      uploadedAt: time,
      url: {
        type: "string",
        description: "Download URL (presigned, bounded in time, in AWS); once ready",
      },
    },
  },
  UploadTarget: {
    type: "object",
    required: ["url", "method", "headers", "expiresAt"],
    properties: {
      url: { type: "string" },
      method: { enum: ["PUT"] },
      headers: { type: "object", additionalProperties: { type: "string" } },
      expiresAt: time,
    },
  },
};
