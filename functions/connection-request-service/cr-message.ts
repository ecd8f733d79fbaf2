import { z } from "zod";
import { idempotencyKeySchema } from "../api/query-schemas.ts";
import { taskSpecSchema } from "../api/task-schema.ts";
import type { TaskSpec } from "../core/model/task.ts";
import { InvalidCrMessageError } from "./errors.ts";

/** A connection request as the service acts on it (times are epoch ms). */
export interface CrMessage {
  readonly deviceId: string;
  readonly reason?: string;
  readonly requestedAt?: number;
  /** Past this instant the request is worthless (e.g. the task it served has expired). */
  readonly notAfter?: number;
  /** A task to queue for the device before waking it (exactly the API's task body). */
  readonly task?: TaskSpec;
  /** Binds the task to this key per device (as the API's Idempotency-Key header does). */
  readonly idempotencyKey?: string;
  /** Wake the device (default), or create its XMPP account (the built-in XMPP profile, issue 6). */
  readonly action: "connection-request" | "create-xmpp-account";
  /** Sent to the queue directly, or routed as-is by an EventBridge rule. */
  readonly envelope: "direct" | "eventbridge";
}

/** ISO 8601 with a zone (Z or offset), or epoch milliseconds. */
const instant = z.union([
  z.iso.datetime({ offset: true }).transform((text) => Date.parse(text)),
  z.number().int().nonnegative().max(8.64e15),
]);

/** Strict: a misspelt optional field (say `notafter`) is refused, not silently ignored. */
const crFields = z.strictObject({
  deviceId: z.string().trim().min(1).max(512),
  reason: z.string().max(256).optional(),
  requestedAt: instant.optional(),
  notAfter: instant.optional(),
  // The API's own schemas: a task queued here is exactly one POST /devices/{id}/tasks would queue.
  task: taskSpecSchema.optional(),
  idempotencyKey: idempotencyKeySchema.optional(),
  action: z.enum(["connection-request", "create-xmpp-account"]).optional(),
});

/** The part of an EventBridge event we rely on; other envelope fields (id, time...) are ignored. */
const eventBridgeEnvelope = z.object({
  version: z.string(),
  "detail-type": z.literal("ConnectionRequest"),
  source: z.string().min(1),
  detail: crFields,
});

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.length > 0 ? issue.path.join(".") : "(root)"}: ${issue.message}`)
    .join("; ")
    .slice(0, 500);
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch (cause) {
    throw new InvalidCrMessageError("body is not valid JSON", { cause });
  }
}

/**
 * Parses a queue message body: `{deviceId, reason?, requestedAt?, notAfter?, task?,
 * idempotencyKey?}` or the same fields
 * as the `detail` of an EventBridge event (a body with a `detail-type` key is read as one).
 * @throws InvalidCrMessageError naming the first problems found.
 */
export function parseCrMessage(body: string): CrMessage {
  const json = parseJson(body);
  const isEnvelope = typeof json === "object" && json !== null && "detail-type" in json;
  const parsed = isEnvelope ? eventBridgeEnvelope.safeParse(json) : crFields.safeParse(json);
  if (!parsed.success) throw new InvalidCrMessageError(describeIssues(parsed.error));
  const fields = "detail" in parsed.data ? parsed.data.detail : parsed.data;
  return {
    deviceId: fields.deviceId,
    ...(fields.reason !== undefined && { reason: fields.reason }),
    ...(fields.requestedAt !== undefined && { requestedAt: fields.requestedAt }),
    ...(fields.notAfter !== undefined && { notAfter: fields.notAfter }),
    // The schema is the API's; its output is the model's TaskSpec (as task-routes.ts casts it).
    ...(fields.task !== undefined && { task: fields.task as TaskSpec }),
    ...(fields.idempotencyKey !== undefined && { idempotencyKey: fields.idempotencyKey }),
    action: fields.action ?? "connection-request",
    envelope: isEnvelope ? "eventbridge" : "direct",
  };
}
