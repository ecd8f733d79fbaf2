import * as z from "zod";
import { isDeviceId } from "../core/model/device-id.ts";
import { taskStatuses } from "../core/model/task.ts";

/** Query strings and headers of the API, validated like bodies. */
const isoTime = z.iso.datetime({ offset: true }).transform((text) => Date.parse(text));

/** The device filters shared by the listing and campaigns. */
export const deviceFilterShape = {
  oui: z
    .string()
    .regex(/^[0-9A-Fa-f]{6}$/, "six hex digits")
    .optional(),
  productClass: z.string().min(1).max(64).optional(),
  serialPrefix: z.string().min(1).max(64).optional(),
  tag: z
    .string()
    .regex(/^[A-Za-z0-9_.:-]{1,64}$/, "1-64 of A-Z a-z 0-9 _ . : -")
    .optional(),
  lastInformBefore: isoTime.optional(),
  lastInformAfter: isoTime.optional(),
};

export const deviceListQuerySchema = z.strictObject({
  ...deviceFilterShape,
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().max(2048).optional(),
});

export const deviceGetQuerySchema = z.strictObject({
  path: z
    .string()
    .max(256)
    .optional()
    .describe("Only parameters under this path, e.g. Device.WiFi."),
  depth: z.coerce
    .number()
    .int()
    .min(1)
    .max(16)
    .optional()
    .describe(
      "Only parameters at most this many levels below path; the objects where the cut falls are listed in `objects` with their parameter counts (a console opens a large tree one level at a time)",
    ),
});

const flag = z.enum(["true", "false"]).transform((text) => text === "true");

export const waitSchema = (max: number) => z.coerce.number().int().min(0).max(max).default(0);

export const createTaskQuerySchema = (maxWait: number) =>
  z.strictObject({
    connectionRequest: flag
      .default(false)
      .describe("Wake the device at once through the sender queue"),
    wait: waitSchema(maxWait).describe(
      "Seconds to hold the reply until the task is done or faulted",
    ),
  });

export const waitQuerySchema = (maxWait: number) => z.strictObject({ wait: waitSchema(maxWait) });

export const tagSchema = z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, "1-64 of A-Z a-z 0-9 _ . : -");

/** RFC draft "Idempotency-Key": a short printable token. */
export const idempotencyKeySchema = z
  .string()
  .regex(/^[\x21-\x7e]{1,128}$/, "1-128 printable ASCII characters");

const taskStatusSchema = z.enum(taskStatuses);

/** GET /tasks: recent tasks of the fleet or of one device, newest first. */
export const taskListQuerySchema = z.strictObject({
  status: taskStatusSchema.optional(),
  deviceId: z
    .string()
    .max(1024)
    .refine(isDeviceId, "a device id, <OUI>-<ProductClass>-<SerialNumber>")
    .optional()
    .describe("Only this device's tasks"),
  since: isoTime
    .optional()
    .describe(
      "Oldest creation time listed (default 7 days ago; earlier than the task lifetime or 7 days, whichever is longer, is moved up to it)",
    ),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(2048).optional().describe("From the previous page"),
});
