import { defaultApiLimits } from "./api-deps.ts";
import { campaignListQuerySchema, campaignSchema } from "./campaign-schema.ts";
import { convergenceSchema } from "./openapi-convergence.ts";
import {
  campaignId,
  cpeUsername,
  deviceId,
  jsonSchema,
  profileName,
  queryParameters,
  tag,
  taskId,
} from "./openapi-parameters.ts";
import { profileSchema } from "./profile-schema.ts";
import {
  createTaskQuerySchema,
  deviceGetQuerySchema,
  deviceListQuerySchema,
  idempotencyKeySchema,
  taskListQuerySchema,
  waitQuerySchema,
} from "./query-schemas.ts";
import { cpeCredentialSchema } from "./routes/credential-routes.ts";

/** The default deployment's bound (a 10 s function); a longer timeout allows longer (api-deps.ts). */
const maxWait = defaultApiLimits.maxWaitSeconds;

export const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
export const body = (schema: object) => ({ content: { "application/json": { schema } } });
export const reply = (description: string, schema?: object) => ({
  description,
  ...(schema && body(schema)),
});
export const errors = {
  "400": reply("Invalid input; `issues` names each offending field", ref("Error")),
  "401": reply("Missing or wrong bearer token (local mode; in AWS, IAM answers 403)", ref("Error")),
  "403": reply(
    "Forbidden (error forbidden): the caller's role may not call this route (viewer: reads; operator: tasks, connection requests, tags, campaigns; admin: everything)",
    ref("Error"),
  ),
  "404": reply("Unknown device, task or route", ref("Error")),
  "405": reply("Method not allowed on this route (see the Allow header)", ref("Error")),
  "503": reply("Storage or queue unavailable; retry after Retry-After", ref("Error")),
};

/** Secret parameter values are stored only sealed (functions/README.md invariant 9). */
const secretsRefused = {
  "422": reply(
    "Secret parameter values given but no ACS_SECRETS_KEY configured (error secrets-key-required): nothing stored",
    ref("Error"),
  ),
};

/** `{deleted: <what>}` of the DELETE routes. */
export const deleted = {
  type: "object",
  required: ["deleted"],
  properties: { deleted: { type: "string" } },
};

/** The profile as GET returns it: the PUT body plus its name, secret values masked. */
const profileResponse = {
  allOf: [
    jsonSchema(profileSchema),
    {
      type: "object",
      required: ["name"],
      properties: {
        name: { type: "string" },
        masked: {
          type: "array",
          items: { type: "string" },
          description:
            'Where secret values (password-type parameters, ACS_SECRET_PARAMETERS) are shown as "********": a parameter path, or table[match].relative name inside objects. They are stored sealed; PUT "********" back unchanged to keep a value.',
        },
      },
    },
  ],
};

/** The paths of the OpenAPI document (openapi.ts), one function per resource, in document order. */
export function openApiPaths() {
  return {
    ...devicePaths(),
    ...fleetPaths(),
    ...taskPaths(),
    ...connectionRequestPaths(),
    ...credentialPaths(),
    ...campaignPaths(),
    ...profilePaths(),
    "/me": {
      get: {
        summary: "The caller as the API sees it: principal, role (viewer, operator, admin), source",
        responses: { "200": reply("The caller", ref("Me")), ...errors },
      },
    },
    "/openapi.json": {
      get: {
        summary: "This document (no token needed locally)",
        responses: { "200": reply("OpenAPI 3.1") },
      },
    },
    "/docs": {
      get: {
        summary: "This document as a self-contained HTML page (no token needed locally)",
        responses: { "200": { description: "HTML", content: { "text/html": {} } } },
      },
    },
  };
}

/** The fleet counted on the server (api/fleet-summary-snapshot.ts). */
function fleetPaths() {
  return {
    "/fleet/summary": {
      get: {
        summary:
          "Devices by product class, software version and connection-request readiness; seen in the last 24 h. Counted from the device index, reused for ACS_FLEET_SUMMARY_MAX_AGE_SECONDS",
        responses: { "200": reply("The fleet summary", ref("FleetSummary")), ...errors },
      },
    },
  };
}

/** The device registry: list, read, forget, tag. */
function devicePaths() {
  return {
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
  };
}

/** Tasks: queue for the next session, list, read, cancel. */
function taskPaths() {
  return {
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
          "202": reply("Queued (still pending, also when wait ran out)", ref("Task")),
          ...errors,
          "422": reply(
            "The Idempotency-Key was used for another request (other task spec; error " +
              "`idempotency-key-reused`), or secret parameter values were given without a sealing " +
              "key (error `secrets-key-required`): nothing queued",
            ref("Error"),
          ),
        },
      },
      get: {
        summary: "The device's tasks",
        parameters: [deviceId],
        responses: { "200": reply("Tasks", ref("TaskList")), ...errors },
      },
    },
    "/tasks": {
      get: {
        summary:
          "Recent tasks of the fleet (or of one device), newest first; tasks queued before this listing existed are not listed fleet-wide",
        parameters: queryParameters(taskListQuerySchema),
        responses: { "200": reply("One page of tasks", ref("TaskPage")), ...errors },
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
  };
}

/** Waking a device now. */
function connectionRequestPaths() {
  return {
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
  };
}

/** Per-device CPE -> ACS credentials. */
function credentialPaths() {
  return {
    "/cpe-credentials/{username}": {
      put: {
        summary: "Set a device's own CPE -> ACS credentials (stored as digest HA1 only)",
        description:
          "Stores HA1 for MD5 and SHA-256 digest in the CWMP realm, bound to the device. From then on the device accepts only its own credentials, not the shared ones (ACS_CPE_USERNAME), also when set before its first Inform.",
        parameters: [cpeUsername],
        requestBody: { required: true, ...body(jsonSchema(cpeCredentialSchema)) },
        responses: {
          "200": reply("Stored (the password is never shown)", {
            type: "object",
            required: ["username", "deviceId"],
            properties: { username: { type: "string" }, deviceId: { type: "string" } },
          }),
          "409": reply(
            "The username is the shared CPE username (ACS_CPE_USERNAME); per-device credentials need another",
            ref("Error"),
          ),
          ...errors,
        },
      },
      delete: {
        summary: "Remove a device's CPE credentials",
        parameters: [cpeUsername],
        responses: { "200": reply("Removed", deleted), ...errors },
      },
    },
  };
}

/** Campaigns: one task per matching device, in stages, halting itself on failures. */
function campaignPaths() {
  const control = (action: "pause" | "resume" | "cancel", summary: string) => ({
    [`/campaigns/{campaignId}/${action}`]: {
      post: {
        summary,
        parameters: [campaignId],
        responses: {
          "200": reply("The campaign", ref("Campaign")),
          "409": reply("Not allowed from the campaign's status", ref("Error")),
          ...errors,
        },
      },
    },
  });
  return {
    "/campaigns": {
      get: {
        summary: "Campaigns, of one status or all (running first), a page at a time",
        parameters: queryParameters(campaignListQuerySchema),
        responses: { "200": reply("A page of campaigns", ref("CampaignList")), ...errors },
      },
      post: {
        summary:
          "Roll one task out to every matching device: canary, waves, soak, window, halt rules",
        requestBody: { required: true, ...body(jsonSchema(campaignSchema)) },
        responses: { "201": reply("Created", ref("Campaign")), ...errors, ...secretsRefused },
      },
    },
    "/campaigns/{campaignId}": {
      get: {
        summary: "A campaign's progress",
        parameters: [campaignId],
        responses: { "200": reply("The campaign", ref("Campaign")), ...errors },
      },
    },
    ...control("pause", "Pause a running campaign: nothing more is queued or woken"),
    ...control("resume", "Resume a paused campaign"),
    ...control("cancel", "Cancel a running or paused campaign; its unwoken tasks are cancelled"),
  };
}

/** Provisioning profiles. */
function profilePaths() {
  return {
    "/profiles": {
      get: {
        summary: "Provisioning profile names, and how many devices stand where on each",
        responses: {
          "200": reply("Names and convergence counts", {
            type: "object",
            required: ["profiles", "convergence"],
            properties: {
              profiles: { type: "array", items: { type: "string" } },
              convergence: convergenceSchema,
            },
          }),
        },
      },
    },
    "/profiles/{name}": {
      put: {
        summary: "Create or replace a provisioning profile",
        parameters: [profileName],
        requestBody: { required: true, ...body(jsonSchema(profileSchema)) },
        responses: {
          "200": reply("Stored, as GET shows it", profileResponse),
          ...errors,
          ...secretsRefused,
        },
      },
      get: {
        summary: "A provisioning profile",
        parameters: [profileName],
        responses: {
          "200": reply("The profile, in the form PUT accepts, plus its name", profileResponse),
          ...errors,
        },
      },
      delete: {
        summary: "Delete a provisioning profile",
        parameters: [profileName],
        responses: { "200": reply("Deleted", deleted), ...errors },
      },
    },
  };
}
