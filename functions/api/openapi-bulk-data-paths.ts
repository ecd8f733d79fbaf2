import { deviceId } from "./openapi-parameters.ts";
import { errors, ref, reply } from "./openapi-paths.ts";

/** Bulk data (TR-232 over HTTP): the device's latest parsed report. */
export function bulkDataPaths() {
  return {
    "/devices/{id}/bulk-data/latest": {
      get: {
        summary: "The device's latest bulk data report, parsed",
        description:
          "Devices report to the collector (`Device.BulkData.Profile.{i}.HTTP.URL`: locally ACS_BULK_DATA_PORT, in AWS the bulk data route) in JSON (`ObjectHierarchy`, `NameValuePair`) or CSV (`ParameterPerRow`, `ParameterPerColumn`), optionally gzip. The newest one is kept parsed here; every raw report stays in the bucket (`raw/date=YYYY-MM-DD/device=<id>/`) or under `<ACS_DATA_DIR>/bulk-data/`. A report carrying retained failed reports has several entries.",
        parameters: [deviceId],
        responses: {
          "200": reply("The latest report", ref("BulkDataReport")),
          ...errors,
          "404": reply("No report from this device (or no such device)", ref("Error")),
          "503": reply("Bulk data not configured, or storage unavailable", ref("Error")),
        },
      },
    },
  };
}

export const bulkDataResponseSchemas = {
  BulkDataReport: {
    type: "object",
    required: ["deviceId", "receivedAt", "encoding", "format", "entries"],
    properties: {
      deviceId: { type: "string" },
      receivedAt: {
        type: "string",
        format: "date-time",
        description: "When the collector took it",
      },
      encoding: { type: "string", enum: ["JSON", "CSV"] },
      format: {
        type: "string",
        enum: ["ObjectHierarchy", "NameValuePair", "ParameterPerRow", "ParameterPerColumn"],
        description: "The BBF-Report-Format header",
      },
      entries: {
        type: "array",
        description: "One per collection: CollectionTime / ReportTimestamp and the values",
        items: {
          type: "object",
          required: ["values"],
          properties: {
            collectedAt: {
              type: "string",
              description: "As the CPE wrote it (Unix epoch or ISO 8601)",
            },
            values: {
              type: "object",
              additionalProperties: { type: "string" },
              description: "Parameter name (or the profile's alternative Name) -> value",
            },
          },
        },
      },
    },
  },
};
