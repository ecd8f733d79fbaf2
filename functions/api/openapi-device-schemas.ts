import { softwareModulesSchema } from "./openapi-software-schemas.ts";

/** JSON Schemas of the device views (views.ts, provisioning-view.ts), for openapi-responses.ts. */

export const time = { type: "string", format: "date-time" };
export const nullable = (schema: object) => ({ anyOf: [schema, { type: "null" }] });

export const deviceSummary = {
  type: "object",
  required: [
    "id",
    "manufacturer",
    "oui",
    "productClass",
    "serialNumber",
    "firstInformAt",
    "lastInformAt",
    "lastEvents",
    "tags",
    "inSession",
    "connectionRequestReadiness",
    "softwareVersion",
  ],
  properties: {
    id: { type: "string" },
    manufacturer: { type: "string" },
    oui: { type: "string" },
    productClass: { type: "string" },
    serialNumber: { type: "string" },
    firstInformAt: time,
    lastInformAt: time,
    lastEvents: { type: "array", items: { type: "string" } },
    tags: { type: "array", items: { type: "string" } },
    inSession: { type: "boolean" },
    connectionRequestReadiness: {
      enum: ["xmpp-ready", "http-only", "unreachable"],
      description:
        "xmpp-ready: XMPP connection requests work (the device view's xmppConnectionRequest.ready); http-only: not XMPP, but the CPE reported a ConnectionRequestURL; unreachable: neither. The listing reads the device record only: an XMPP error Status reported after the ConnReqJabberID shows in the device view.",
    },
    softwareVersion: nullable({ type: "string" }),
  },
};

export const valueCounts = {
  type: "array",
  items: {
    type: "object",
    required: ["value", "count"],
    properties: { value: { type: "string" }, count: { type: "integer" } },
  },
};

export const connectionRequestAttempt = {
  type: "object",
  required: ["at", "method", "outcome"],
  properties: {
    at: time,
    method: { enum: ["xmpp", "http", "udp", "none"] },
    outcome: { type: "string" },
    latencyMs: { type: "number" },
    detail: { type: "string" },
    attempts: {
      type: "array",
      description:
        "Every method tried for this request, in order (at most one per method): `failed` when the next method followed, else the request's outcome. Absent in records of older senders.",
      items: {
        type: "object",
        required: ["method", "outcome"],
        properties: {
          method: { enum: ["xmpp", "http", "udp"] },
          outcome: { type: "string" },
          latencyMs: { type: "number" },
          detail: { type: "string" },
        },
      },
    },
  },
};

/** GET /devices/{id}: the summary, then what only the device view carries. */
export const deviceSchema = {
  allOf: [
    { $ref: "#/components/schemas/DeviceSummary" },
    {
      type: "object",
      required: [
        "connectionRequest",
        "pendingTasks",
        "provisioning",
        "xmppConnectionRequest",
        "softwareModules",
        "parameters",
        "diagnostics",
      ],
      properties: {
        diagnostics: {
          type: "array",
          description:
            "The device's newest diagnostics (at most 5), as GET /diagnostics/{diagnosticId} shows them",
          items: { $ref: "#/components/schemas/Diagnostic" },
        },
        connectionRequest: {
          type: "object",
          properties: {
            url: nullable({ type: "string" }),
            jabberId: nullable({ type: "string" }),
            udpAddress: nullable({
              type: "string",
              description: "ManagementServer.UDPConnectionRequestAddress as the CPE reported it.",
            }),
            stunBinding: nullable({
              type: "object",
              description:
                "The NAT binding the ACS's STUN server recorded from the CPE's Binding Requests (TR-111 Part 2); UDP connection requests go there while it is fresh.",
              required: ["address", "port", "lastSeen"],
              properties: {
                address: { type: "string" },
                port: { type: "integer" },
                lastSeen: time,
                bindingChangedAt: nullable(time),
                server: nullable({ type: "string" }),
              },
            }),
            lastAttempt: nullable(connectionRequestAttempt),
          },
        },
        pendingTasks: { type: "array", items: { type: "string" } },
        provisioning: {
          type: "array",
          description:
            "Each provisioning profile's standing on this device. A profile that has not touched it yet is `waiting` (reason: the Inform events it waits for, or the next session) or `not-matching` (reason: what rules the device out), without updatedAt.",
          items: {
            type: "object",
            required: ["profile", "status", "faults"],
            properties: {
              profile: { type: "string" },
              status: {
                type: "string",
                enum: [
                  "pending",
                  "converged",
                  "faulted",
                  "not-applicable",
                  "waiting",
                  "not-matching",
                ],
              },
              convergedAt: time,
              reason: { type: "string" },
              faults: { type: "integer" },
              lastFault: {
                type: "object",
                properties: {
                  code: { type: "integer" },
                  string: { type: "string" },
                  method: { type: "string" },
                  at: time,
                },
              },
              retryAt: time,
              updatedAt: time,
            },
          },
        },
        softwareModules: softwareModulesSchema,
        xmppConnectionRequest: {
          type: "object",
          description: "Whether connection requests reach this device over XMPP (TR-069 Annex K).",
          required: ["ready", "state"],
          properties: {
            ready: { type: "boolean" },
            state: {
              type: "string",
              enum: [
                "ready",
                "not-provisioned",
                "not-supported",
                "provisioning",
                "profile-faulted",
                "account-refused",
                "connecting",
                "connection-error",
              ],
            },
            jabberId: nullable({ type: "string" }),
            connection: nullable({ type: "string" }),
            connectionStatus: nullable({ type: "string" }),
            variant: nullable({
              type: "string",
              enum: ["server-table", "domain-only"],
              description:
                "What the built-in profile configured: server addresses, or the XMPP domain only (models without Connection.{i}.Server.). Null until it converged.",
            }),
            instance: nullable({
              type: "string",
              enum: ["dynamic", "fixed"],
              description:
                "Whether the profile created the XMPP connection (AddObject) or configured the CPE's fixed one.",
            }),
            account: nullable({
              type: "object",
              properties: {
                status: {
                  type: "string",
                  enum: ["requested", "created", "exists", "refused", "external"],
                },
                at: time,
                detail: { type: "string" },
              },
            }),
            perDeviceCrCredentials: { type: "boolean" },
          },
        },
        parameters: {
          type: "array",
          items: {
            type: "object",
            required: ["name", "learnedAt"],
            properties: {
              name: { type: "string" },
              value: {
                type: "string",
                description: 'A secret parameter\'s non-empty value is "********" (masked: true).',
              },
              type: { type: "string" },
              masked: {
                type: "boolean",
                description:
                  "The parameter is a secret (password-type name, or ACS_SECRET_PARAMETERS): its value is never stored or shown.",
              },
              writable: { type: "boolean" },
              learnedAt: time,
            },
          },
        },
        objects: {
          type: "array",
          description:
            "With `depth`: the objects (paths ending in '.') where the depth cut falls, in name order, each with how many stored parameters lie under it.",
          items: {
            type: "object",
            required: ["name", "parameters"],
            properties: { name: { type: "string" }, parameters: { type: "integer" } },
          },
        },
      },
    },
  ],
};
