import { defaultApiLimits } from "./api-deps.ts";
import { diagnosticRequestSchema } from "./diagnostic-schema.ts";
import { deviceId, jsonSchema, queryParameters } from "./openapi-parameters.ts";
import { body, errors, ref, reply } from "./openapi-paths.ts";
import { waitQuerySchema } from "./query-schemas.ts";

const time = { type: "string", format: "date-time" };
const integer = { type: "number" };
const diagnosticId = {
  name: "diagnosticId",
  in: "path",
  required: true,
  schema: { type: "string", pattern: "^[0-9A-Z]{26}$" },
};
const unconfigured = {
  "503": reply("Diagnostics not configured, or storage unavailable", ref("Error")),
};

/** Diagnostics (TR-143 test objects): start one, read it, list a device's. */
export function diagnosticPaths() {
  return {
    "/devices/{id}/diagnostics": {
      post: {
        summary:
          "Run a diagnostic test on the device (IPPing, TraceRoute, Download/Upload, NSLookup, ServerSelection)",
        description:
          "One SetParameterValues sets the arguments and DiagnosticsState = Requested under the device's root (TR-181 `Device.IP.Diagnostics.*`, `Device.DNS.Diagnostics.NSLookupDiagnostics.`; TR-098 `InternetGatewayDevice.*Diagnostics.`), and a connection request wakes the device. On the CPE's `8 DIAGNOSTICS COMPLETE` session the ACS reads the result subtree and stores a typed result; `DiagnosticsCompleted` is published. A diagnostic not ended within ACS_DIAGNOSTICS_TIMEOUT_MINUTES (10) reads `timedOut`. UDPEchoConfig is not offered.",
        parameters: [
          deviceId,
          ...queryParameters(waitQuerySchema(defaultApiLimits.maxWaitSeconds)),
        ],
        requestBody: { required: true, ...body(ref("DiagnosticRequest")) },
        responses: {
          "200": reply("Ended within wait", ref("Diagnostic")),
          "202": reply("Requested (still open, also when wait ran out)", ref("Diagnostic")),
          ...errors,
          "409": reply(
            "A diagnostic of this type is still open on the device (error `diagnostic-running`, `diagnosticId` names it): refused, not queued; retry once it ended or timed out",
            ref("Error"),
          ),
          "422": reply(
            "The device's data model has no such test or argument (error `diagnostic-unsupported`: NSLookup, ServerSelection and ProtocolVersion are TR-181 only)",
            ref("Error"),
          ),
          ...unconfigured,
        },
      },
      get: {
        summary: "The device's diagnostics, newest first (at most 50)",
        parameters: [deviceId],
        responses: {
          "200": reply("The diagnostics", {
            type: "object",
            required: ["diagnostics"],
            properties: { diagnostics: { type: "array", items: ref("Diagnostic") } },
          }),
          ...errors,
          ...unconfigured,
        },
      },
    },
    "/diagnostics/{diagnosticId}": {
      get: {
        summary: "A diagnostic and its result",
        parameters: [diagnosticId],
        responses: {
          "200": reply("The diagnostic", ref("Diagnostic")),
          ...errors,
          ...unconfigured,
        },
      },
    },
  };
}

const pingTimes = {
  averageResponseTimeMs: integer,
  minimumResponseTimeMs: integer,
  maximumResponseTimeMs: integer,
};

/** The diagnostic view (api/diagnostic-view.ts) and its typed results (core/diagnostics/diagnostic.ts). */
export const diagnosticResponseSchemas = {
  DiagnosticRequest: jsonSchema(diagnosticRequestSchema),
  Diagnostic: {
    type: "object",
    required: [
      "id",
      "deviceId",
      "type",
      "state",
      "objectPath",
      "arguments",
      "createdAt",
      "updatedAt",
      "deadline",
      "requestTaskId",
    ],
    properties: {
      id: { type: "string" },
      deviceId: { type: "string" },
      type: {
        type: "string",
        enum: [
          "IPPing",
          "TraceRoute",
          "DownloadDiagnostics",
          "UploadDiagnostics",
          "NSLookup",
          "ServerSelection",
        ],
      },
      state: { type: "string", enum: ["requested", "running", "completed", "failed", "timedOut"] },
      objectPath: { type: "string" },
      arguments: { type: "object", additionalProperties: { type: ["string", "number"] } },
      createdAt: time,
      updatedAt: time,
      deadline: { ...time, description: "Not ended by then: timedOut" },
      requestTaskId: { type: "string", description: "The SetParameterValues task" },
      resultTaskId: {
        type: "string",
        description: "The GetParameterValues task reading the result",
      },
      result: ref("DiagnosticResult"),
      failure: {
        type: "object",
        required: ["reason"],
        properties: {
          cpeState: { type: "string", description: "e.g. Error_CannotResolveHostName" },
          fault: {
            type: "object",
            properties: { code: { type: "integer" }, string: { type: "string" } },
          },
          reason: { type: "string" },
        },
      },
      connectionRequest: {
        type: "object",
        description: "POST only: the connection request queued to wake the device",
        properties: {
          queued: { type: "boolean" },
          requestedAt: time,
          error: { type: "string" },
        },
      },
    },
  },
  DiagnosticResult: {
    oneOf: [
      result("IPPing", { successCount: integer, failureCount: integer, ...pingTimes }),
      result("TraceRoute", {
        responseTimeMs: integer,
        hops: {
          type: "array",
          items: {
            type: "object",
            properties: {
              host: { type: "string" },
              hostAddress: { type: "string" },
              errorCode: integer,
              rttTimesMs: { type: "array", items: integer },
            },
          },
        },
      }),
      {
        type: "object",
        required: ["type", "bytes", "durationMs", "throughputBitsPerSecond", "bomTime", "eomTime"],
        properties: {
          type: { type: "string", enum: ["DownloadDiagnostics", "UploadDiagnostics"] },
          bytes: integer,
          durationMs: { ...integer, description: "EOMTime - BOMTime" },
          throughputBitsPerSecond: integer,
          connectTimeMs: { ...integer, description: "TCPOpenResponseTime - TCPOpenRequestTime" },
          romTime: { type: "string" },
          bomTime: { type: "string" },
          eomTime: { type: "string" },
        },
      },
      result("NSLookup", {
        successCount: integer,
        answers: {
          type: "array",
          items: {
            type: "object",
            properties: {
              status: { type: "string" },
              answerType: { type: "string" },
              hostNameReturned: { type: "string" },
              ipAddresses: { type: "array", items: { type: "string" } },
              dnsServerIp: { type: "string" },
              responseTimeMs: integer,
            },
          },
        },
      }),
      result("ServerSelection", { fastestHost: { type: "string" }, ...pingTimes }),
    ],
  },
};

function result(type: string, properties: Record<string, object>) {
  return {
    type: "object",
    required: ["type", ...Object.keys(properties)],
    properties: { type: { type: "string", const: type }, ...properties },
  };
}
