import { taskStatuses } from "../core/model/task.ts";
import {
  connectionRequestAttempt,
  deviceSchema,
  deviceSummary,
  nullable,
  time,
  valueCounts,
} from "./openapi-device-schemas.ts";
import { moreRpcResultProperties } from "./openapi-software-schemas.ts";

/** JSON Schemas of what the API answers (see views.ts, which builds these shapes). */
export const responseSchemas = {
  /** GET /me (routes/me-route.ts, roles in role-policy.ts). */
  Me: {
    type: "object",
    required: ["principal", "role", "source"],
    properties: {
      principal: { type: "string" },
      role: { type: "string", enum: ["viewer", "operator", "admin"] },
      source: { type: "string", enum: ["iam", "cognito", "token"] },
    },
  },
  Error: {
    type: "object",
    required: ["error", "message"],
    properties: {
      error: { type: "string" },
      message: { type: "string" },
      issues: {
        type: "array",
        items: {
          type: "object",
          required: ["field", "message"],
          properties: { field: { type: "string" }, message: { type: "string" } },
        },
      },
    },
  },
  DeviceSummary: deviceSummary,
  FleetSummary: {
    type: "object",
    required: [
      "generatedAt",
      "complete",
      "devices",
      "seenLast24h",
      "byProductClass",
      "bySoftwareVersion",
      "connectionRequest",
    ],
    properties: {
      generatedAt: time,
      complete: {
        type: "boolean",
        description: "false when the time or device budget ran out before every device was counted",
      },
      devices: { type: "integer" },
      seenLast24h: {
        type: "integer",
        description:
          "devices whose last Inform fell in the last 24 hours, to the hour (at most 25 h ago)",
      },
      byProductClass: valueCounts,
      bySoftwareVersion: valueCounts,
      connectionRequest: {
        type: "object",
        required: ["xmppReady", "httpOnly", "unreachable"],
        properties: {
          xmppReady: { type: "integer" },
          httpOnly: { type: "integer" },
          unreachable: { type: "integer" },
        },
      },
    },
  },
  DevicePage: {
    type: "object",
    required: ["devices"],
    properties: {
      devices: { type: "array", items: { $ref: "#/components/schemas/DeviceSummary" } },
      cursor: { type: "string" },
    },
  },
  Device: deviceSchema,
  Tags: {
    type: "object",
    properties: { id: { type: "string" }, tags: { type: "array", items: { type: "string" } } },
  },
  Task: {
    type: "object",
    required: [
      "id",
      "deviceId",
      "name",
      "task",
      "status",
      "createdAt",
      "updatedAt",
      "expiresAt",
      "attempts",
      "maxAttempts",
    ],
    properties: {
      id: { type: "string" },
      deviceId: { type: "string" },
      name: { type: "string" },
      task: {
        allOf: [{ $ref: "#/components/schemas/TaskSpec" }],
        description:
          'The task as queued. Secret values (password-type parameters such as Wi-Fi KeyPassphrase/PreSharedKey or ConnectionRequestPassword, and ACS_SECRET_PARAMETERS) show as "********" and `masked` lists their names; they are stored sealed and sent to the CPE in clear. Transfer passwords show as "********".',
      },
      status: { enum: [...taskStatuses] },
      createdAt: time,
      updatedAt: time,
      expiresAt: time,
      attempts: { type: "integer" },
      maxAttempts: { type: "integer" },
      campaignId: { type: "string", description: "The campaign that queued it." },
      campaignStage: {
        type: "integer",
        description:
          "The campaign's stage that queued it (0 = the first, the canary when there is one).",
      },
      profile: { type: "string", description: "The profile that queued it (a one-shot task)." },
      result: {
        type: "object",
        description:
          'What the RPC returned; secret values a CPE read back show as "********", listed in `result.masked`.',
        properties: moreRpcResultProperties,
      },
      fault: {
        type: "object",
        properties: {
          code: { type: "integer" },
          string: { type: "string" },
          parameters: { type: "array" },
          raw: {
            type: "string",
            description: "The CPE's fault text when no FaultCode could be read (code is then 0).",
          },
        },
      },
      reason: {
        type: "string",
        description:
          "Why it ended when not done: e.g. `no-response: 3 sends without a reply`, `gave up after 3 attempts`, `CPE fault`, `transfer failed`, `unparseable fault`, `cancelled through the API while running`.",
      },
      history: {
        type: "array",
        description:
          "Sends that failed (no reply, an empty reply, a fault, a failed transfer), oldest first; the last one may be what ended the task.",
        items: {
          type: "object",
          required: ["at", "outcome"],
          properties: {
            at: time,
            outcome: { enum: ["no-response", "empty-reply", "fault", "transfer-fault"] },
            fault: { type: "object" },
          },
        },
      },
      lateReply: {
        type: "object",
        description: "A reply that came after the task had ended; recorded, never acted on.",
        properties: { at: time, method: { type: "string" }, fault: { type: "object" } },
      },
      connectionRequest: { type: "object" },
    },
  },
  TaskList: {
    type: "object",
    properties: { tasks: { type: "array", items: { $ref: "#/components/schemas/Task" } } },
  },
  TaskPage: {
    type: "object",
    required: ["tasks"],
    properties: {
      tasks: { type: "array", items: { $ref: "#/components/schemas/Task" } },
      cursor: { type: "string", description: "Present when more may follow: pass it as `cursor`" },
    },
  },
  Campaign: {
    type: "object",
    required: [
      "id",
      "status",
      "filter",
      "task",
      "rate",
      "stages",
      "createdAt",
      "updatedAt",
      "progress",
      "stage",
    ],
    properties: {
      id: { type: "string" },
      status: { enum: ["running", "paused", "halted", "cancelled", "completed"] },
      filter: { type: "object" },
      task: { $ref: "#/components/schemas/TaskSpec" },
      rate: { type: "object" },
      stages: { type: "object" },
      maintenanceWindow: { type: "object" },
      haltWhen: { type: "object" },
      createdAt: time,
      updatedAt: time,
      progress: {
        type: "object",
        description:
          "matched: null while counting; pending: not given the task yet; inProgress: queued, " +
          "not ended; succeeded: done/verified; failed: faulted/expired; skipped: never carried out",
        properties: {
          matched: { type: ["integer", "null"] },
          ...Object.fromEntries(
            ["pending", "inProgress", "succeeded", "failed", "skipped"].map((k) => [
              k,
              { type: "integer" },
            ]),
          ),
        },
      },
      stage: {
        type: "object",
        properties: {
          index: { type: "integer" },
          count: { type: ["integer", "null"] },
          size: { type: ["integer", "null"] },
          startedAt: time,
          endedAt: time,
        },
      },
      halt: {
        type: "object",
        properties: {
          at: time,
          stage: { type: "integer" },
          reason: { type: "string" },
          failedDevices: { type: "array", items: { type: "string" } },
        },
      },
    },
  },
  CampaignList: {
    type: "object",
    required: ["campaigns"],
    properties: {
      campaigns: { type: "array", items: { $ref: "#/components/schemas/Campaign" } },
      cursor: { type: "string" },
    },
  },
  ConnectionRequestResult: {
    type: "object",
    required: ["deviceId", "queued", "requestedAt"],
    properties: {
      deviceId: { type: "string" },
      queued: { type: "boolean" },
      requestedAt: time,
      outcome: nullable(connectionRequestAttempt),
      sessionStarted: { type: "boolean" },
      final: {
        type: "boolean",
        description:
          "With wait: true once nothing more will change the answer (the request failed on " +
          "every method, or was delivered and the device opened its session); false when the " +
          "wait ran out first, e.g. during the HTTP fallback after XMPP failed (outcome " +
          "`fallback`), before a busy CPE is retried (`retry-scheduled`), or before the session.",
      },
      error: { type: "string" },
    },
  },
};
