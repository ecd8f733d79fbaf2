import * as z from "zod/mini";
import { idempotencyKeySchema } from "../api/query-schemas.ts";
import { safeParseWithMessages } from "../api/safe-parse.ts";
import { taskSpecSchema } from "../api/task-schema.ts";
import type { TaskSpec } from "../core/model/task.ts";

/**
 * The one definition of a message on the connection-request queue (documented in
 * connection-request-service/README.md). Producers (API, campaigns, the CWMP endpoint) send its
 * input shape; the sender parses it into its output shape (instants as epoch ms).
 */

/** ISO 8601 with a zone (Z or offset), or epoch milliseconds; parsed to epoch ms. */
const instant = z.union([
  z.pipe(
    z.iso.datetime({ offset: true }),
    z.transform((text: string) => Date.parse(text)),
  ),
  z.number().check(z.int(), z.gte(0), z.lte(8.64e15)),
]);

const common = {
  deviceId: z.string().check(z.trim(), z.minLength(1), z.maxLength(512)),
  reason: z.optional(z.string().check(z.maxLength(256))),
  requestedAt: z.optional(instant),
};

/** Wake the device (the default action). Strict: a misspelt `notafter` is refused, not ignored. */
const wakeMessage = z.strictObject({
  action: z._default(z.literal("connection-request"), "connection-request"),
  ...common,
  /** Past this instant the request is worthless (e.g. the task it served has expired). */
  notAfter: z.optional(instant),
  // The API's own schemas: a task queued here is exactly one POST /devices/{id}/tasks would queue,
  // except a transfer through the ACS's file store (a Download by fileId, an Upload without a
  // URL): the sender has no file store, so such a message is refused (dead-lettered) rather than
  // queueing a task that could only fault at send.
  task: z.optional(
    taskSpecSchema.check(
      z.refine(
        (task) =>
          !(task.name === "download" && task.fileId !== undefined) &&
          !(task.name === "upload" && task.url === undefined),
        "a Download by fileId or an Upload to the ACS's file store is queued through the API",
      ),
    ),
  ),
  idempotencyKey: z.optional(idempotencyKeySchema),
});

/** Create the device's XMPP account (XEP-0133), asked by the built-in XMPP profile. */
const accountMessage = z.strictObject({
  action: z.literal("create-xmpp-account"),
  ...common,
});

export const connectionRequestMessageSchema = z.discriminatedUnion("action", [
  wakeMessage,
  accountMessage,
]);

/** What a producer puts on the queue (instants as ISO 8601 or epoch ms). */
export type ConnectionRequestMessage = z.input<typeof connectionRequestMessageSchema>;

type Parsed = z.output<typeof connectionRequestMessageSchema>;
type Envelope = { readonly envelope: "direct" | "eventbridge" };

/** A queue message as the sender acts on it: instants in epoch ms, `task` the model's spec. */
export type CrMessage =
  | (Omit<Extract<Parsed, { action: "connection-request" }>, "task"> & {
      readonly task?: TaskSpec;
    } & Envelope)
  | (Extract<Parsed, { action: "create-xmpp-account" }> & Envelope);

/** The part of an EventBridge event we rely on; other envelope fields (id, time...) are ignored. */
const eventBridgeEnvelope = z.object({
  version: z.string(),
  "detail-type": z.literal("ConnectionRequest"),
  source: z.string().check(z.minLength(1)),
  detail: connectionRequestMessageSchema,
});

/** A queue message that is not valid JSON of the documented schema: it goes to the DLQ. */
export class InvalidCrMessageError extends Error {
  /** Short, log-safe explanation, also sent as the DLQ message's `reason` attribute. */
  readonly reason: string;

  constructor(reason: string, options?: { cause?: unknown }) {
    super(`invalid connection-request message: ${reason}`, options);
    this.name = "InvalidCrMessageError";
    this.reason = reason;
  }
}

function describeIssues(error: z.core.$ZodError): string {
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
 * Parses a queue message body: the message itself, or the same fields as the `detail` of an
 * EventBridge event (a body with a `detail-type` key is read as one).
 * @throws InvalidCrMessageError naming the first problems found.
 */
export function parseCrMessage(body: string): CrMessage {
  const json = parseJson(body);
  const isEnvelope = typeof json === "object" && json !== null && "detail-type" in json;
  const parsed = isEnvelope
    ? safeParseWithMessages(eventBridgeEnvelope, json)
    : safeParseWithMessages(connectionRequestMessageSchema, json);
  if (!parsed.success) throw new InvalidCrMessageError(describeIssues(parsed.error));
  const fields = "detail" in parsed.data ? parsed.data.detail : parsed.data;
  // The task schema is the API's; its output is the model's TaskSpec (as task-routes.ts casts it).
  return { ...fields, envelope: isEnvelope ? "eventbridge" : "direct" } as CrMessage;
}
