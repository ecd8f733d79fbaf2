import { z } from "zod";
import { campaignSchema } from "./campaign-schema.ts";
import { responseSchemas } from "./openapi-responses.ts";
import { profileNameSchema, profileSchema } from "./profile-schema.ts";
import {
  createTaskQuerySchema,
  deviceGetQuerySchema,
  deviceListQuerySchema,
  idempotencyKeySchema,
  tagSchema,
  waitQuerySchema,
} from "./query-schemas.ts";
import { cpeCredentialSchema, cpeUsernameSchema } from "./routes/credential-routes.ts";
import { taskSpecSchema } from "./task-schema.ts";

/**
 * OpenAPI 3.1 document of the provisioning API: requests generated from the
 * same zod schemas that validate them, responses from openapi-responses.ts
 * (functions/api/openapi.json is this, kept in the repo; a test fails when
 * they drift apart).
 */
const maxWait = 25;

const jsonSchema = (schema: z.ZodType) =>
  z.toJSONSchema(schema, { io: "input", unrepresentable: "any" });

function queryParameters(schema: z.ZodObject) {
  const shape = jsonSchema(schema) as { properties?: Record<string, object>; required?: string[] };
  return Object.entries(shape.properties ?? {}).map(([name, property]) => ({
    name,
    in: "query",
    required: shape.required?.includes(name) ?? false,
    schema: property,
  }));
}

const deviceId = {
  name: "id",
  in: "path",
  required: true,
  description:
    "Device id OUI-ProductClass-SerialNumber, each part percent-escaped (e.g. 00D09E-HGW%2D1-S1)",
  schema: { type: "string" },
};
const taskId = {
  name: "taskId",
  in: "path",
  required: true,
  schema: { type: "string", pattern: "^[0-9A-Z]{26}$" },
};
const tag = { name: "tag", in: "path", required: true, schema: jsonSchema(tagSchema) };

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const body = (schema: object) => ({ content: { "application/json": { schema } } });
const reply = (description: string, schema?: object) => ({
  description,
  ...(schema && body(schema)),
});
const errors = {
  "400": reply("Invalid input; `issues` names each offending field", ref("Error")),
  "401": reply("Missing or wrong bearer token (local mode; in AWS, IAM answers 403)", ref("Error")),
  "404": reply("Unknown device, task or route", ref("Error")),
  "405": reply("Method not allowed on this route (see the Allow header)", ref("Error")),
  "503": reply("Storage or queue unavailable; retry after Retry-After", ref("Error")),
};

/** `{deleted: <what>}` of the DELETE routes. */
const deleted = {
  type: "object",
  required: ["deleted"],
  properties: { deleted: { type: "string" } },
};

/** The profile as GET returns it: the PUT body plus its name. */
const profileResponse = {
  allOf: [
    jsonSchema(profileSchema),
    { type: "object", required: ["name"], properties: { name: { type: "string" } } },
  ],
};

export function buildOpenApiDocument() {
  return {
    openapi: "3.1.0",
    info: {
      title: "Serverless ACS provisioning API",
      version: "1.0.0",
      description:
        "Devices, tasks and connection requests of a TR-069 ACS. In AWS the routes live under /api/ and use IAM (SigV4) authorization; the local ACS serves them at the root with a bearer token.",
    },
    servers: [{ url: "http://127.0.0.1:7557", description: "local ACS (npm start)" }],
    security: [{ bearer: [] }, { sigv4: [] }],
    paths: {
      "/devices": {
        get: {
          summary: "List devices (filters, cursor pagination)",
          parameters: queryParameters(deviceListQuerySchema),
          responses: { "200": reply("A page of devices", ref("DevicePage")), ...errors },
        },
      },
      "/devices/{id}": {
        get: {
          summary: "A device with its parameters (optionally a subtree)",
          parameters: [deviceId, ...queryParameters(deviceGetQuerySchema)],
          responses: { "200": reply("The device", ref("Device")), ...errors },
        },
        delete: {
          summary: "Forget a device (its pending tasks are cancelled)",
          parameters: [deviceId],
          responses: {
            "200": reply("Deleted", deleted),
            "409": reply("In a CWMP session", ref("Error")),
            ...errors,
          },
        },
      },
      "/devices/{id}/tags/{tag}": {
        put: {
          summary: "Tag a device",
          parameters: [deviceId, tag],
          responses: { "200": reply("Tags", ref("Tags")), ...errors },
        },
        delete: {
          summary: "Untag a device",
          parameters: [deviceId, tag],
          responses: { "200": reply("Tags", ref("Tags")), ...errors },
        },
      },
      "/devices/{id}/tasks": {
        post: {
          summary: "Queue a task for the device's next session",
          parameters: [
            deviceId,
            ...queryParameters(createTaskQuerySchema(maxWait)),
            {
              name: "Idempotency-Key",
              in: "header",
              required: false,
              schema: jsonSchema(idempotencyKeySchema),
            },
          ],
          requestBody: { required: true, ...body(ref("TaskSpec")) },
          responses: {
            "200": reply(
              "Done or faulted within wait, or the first task of a replayed Idempotency-Key",
              ref("Task"),
            ),
            "202": reply("Queued (still pending)", ref("Task")),
            ...errors,
          },
        },
        get: {
          summary: "The device's tasks",
          parameters: [deviceId],
          responses: { "200": reply("Tasks", ref("TaskList")), ...errors },
        },
      },
      "/tasks/{taskId}": {
        get: {
          summary: "A task",
          parameters: [taskId],
          responses: { "200": reply("The task", ref("Task")), ...errors },
        },
        delete: {
          summary:
            "Cancel an open task (pending, running or awaiting its transfer; a late reply is recorded, never acted on)",
          parameters: [taskId],
          responses: {
            "200": reply("Cancelled", ref("Task")),
            "409": reply("Already ended, or changed meanwhile", ref("Error")),
            ...errors,
          },
        },
      },
      "/devices/{id}/connection-request": {
        post: {
          summary: "Wake the device now (XMPP, else HTTP connection request)",
          parameters: [deviceId, ...queryParameters(waitQuerySchema(maxWait))],
          responses: {
            "200": reply(
              "An outcome is known: final (`final: true`) or the latest step when the wait ran out",
              ref("ConnectionRequestResult"),
            ),
            "202": reply("Queued; no outcome recorded yet", ref("ConnectionRequestResult")),
            ...errors,
            "503": reply(
              "The queue is unavailable: nothing queued (`queued: false`, `error`)",
              ref("ConnectionRequestResult"),
            ),
          },
        },
      },
      "/cpe-credentials/{username}": {
        put: {
          summary: "Set a device's own CPE -> ACS credentials (stored as digest HA1 only)",
          parameters: [
            { name: "username", in: "path", required: true, schema: jsonSchema(cpeUsernameSchema) },
          ],
          requestBody: { required: true, ...body(jsonSchema(cpeCredentialSchema)) },
          responses: {
            "200": reply("Stored (the password is never shown)", {
              type: "object",
              required: ["username", "deviceId"],
              properties: { username: { type: "string" }, deviceId: { type: "string" } },
            }),
            ...errors,
          },
        },
        delete: {
          summary: "Remove a device's CPE credentials",
          parameters: [
            { name: "username", in: "path", required: true, schema: jsonSchema(cpeUsernameSchema) },
          ],
          responses: { "200": reply("Removed", deleted), ...errors },
        },
      },
      "/campaigns": {
        post: {
          summary: "Queue one task for every matching device and wake them at a bounded rate",
          requestBody: { required: true, ...body(jsonSchema(campaignSchema)) },
          responses: { "201": reply("Created", ref("Campaign")), ...errors },
        },
      },
      "/campaigns/{campaignId}": {
        get: {
          summary: "A campaign's progress",
          parameters: [
            {
              name: "campaignId",
              in: "path",
              required: true,
              schema: { type: "string", pattern: "^[0-9A-Z]{26}$" },
            },
          ],
          responses: { "200": reply("The campaign", ref("Campaign")), ...errors },
        },
      },
      "/profiles": {
        get: {
          summary: "Provisioning profile names (issue 6)",
          responses: {
            "200": reply("Names", {
              type: "object",
              required: ["profiles"],
              properties: { profiles: { type: "array", items: { type: "string" } } },
            }),
          },
        },
      },
      "/profiles/{name}": {
        put: {
          summary: "Create or replace a provisioning profile",
          parameters: [
            { name: "name", in: "path", required: true, schema: jsonSchema(profileNameSchema) },
          ],
          requestBody: { required: true, ...body(jsonSchema(profileSchema)) },
          responses: { "200": reply("Stored, as GET shows it", profileResponse), ...errors },
        },
        get: {
          summary: "A provisioning profile",
          parameters: [
            { name: "name", in: "path", required: true, schema: jsonSchema(profileNameSchema) },
          ],
          responses: {
            "200": reply("The profile, in the form PUT accepts, plus its name", profileResponse),
            ...errors,
          },
        },
        delete: {
          summary: "Delete a provisioning profile",
          parameters: [
            { name: "name", in: "path", required: true, schema: jsonSchema(profileNameSchema) },
          ],
          responses: { "200": reply("Deleted", deleted), ...errors },
        },
      },
      "/openapi.json": {
        get: { summary: "This document", responses: { "200": reply("OpenAPI 3.1") } },
      },
    },
    components: {
      securitySchemes: {
        bearer: {
          type: "http",
          scheme: "bearer",
          description: "Local ACS: the token printed at start, or ACS_API_TOKEN",
        },
        sigv4: {
          type: "apiKey",
          in: "header",
          name: "Authorization",
          description: "AWS: IAM SigV4 (API Gateway IAM authorization)",
        },
      },
      schemas: { TaskSpec: jsonSchema(taskSpecSchema), ...responseSchemas },
    },
  };
}
