import * as z from "zod/mini";
import { isDeviceId } from "../core/model/device-id.ts";
import { taskStatuses } from "../core/model/task.ts";

/** Query strings and headers of the API, validated like bodies. */
const isoTime = z.pipe(
  z.iso.datetime({ offset: true }),
  z.transform((text: string) => Date.parse(text)),
);

/** The device filters shared by the listing and campaigns. */
export const deviceFilterShape = {
  oui: z.optional(z.string().check(z.regex(/^[0-9A-Fa-f]{6}$/, "six hex digits"))),
  productClass: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
  serialPrefix: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
  tag: z.optional(
    z.string().check(z.regex(/^[A-Za-z0-9_.:-]{1,64}$/, "1-64 of A-Z a-z 0-9 _ . : -")),
  ),
  lastInformBefore: z.optional(isoTime),
  lastInformAfter: z.optional(isoTime),
};

export const deviceListQuerySchema = z.strictObject({
  ...deviceFilterShape,
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(500)), 100),
  cursor: z.optional(z.string().check(z.maxLength(2048))),
});

export const deviceGetQuerySchema = z.strictObject({
  path: z
    .optional(z.string().check(z.maxLength(256)))
    .check(z.describe("Only parameters under this path, e.g. Device.WiFi.")),
  depth: z
    .optional(z.coerce.number().check(z.int(), z.gte(1), z.lte(16)))
    .check(
      z.describe(
        "Only parameters at most this many levels below path; the objects where the cut falls are listed in `objects` with their parameter counts (a console opens a large tree one level at a time)",
      ),
    ),
});

const flag = z.pipe(
  z.enum(["true", "false"]),
  z.transform((text: "true" | "false") => text === "true"),
);

export const waitSchema = (max: number) =>
  z._default(z.coerce.number().check(z.int(), z.gte(0), z.lte(max)), 0);

export const createTaskQuerySchema = (maxWait: number) =>
  z.strictObject({
    connectionRequest: z
      ._default(flag, false)
      .check(z.describe("Wake the device at once through the sender queue")),
    wait: waitSchema(maxWait).check(
      z.describe("Seconds to hold the reply until the task is done or faulted"),
    ),
  });

export const waitQuerySchema = (maxWait: number) => z.strictObject({ wait: waitSchema(maxWait) });

export const tagSchema = z
  .string()
  .check(z.regex(/^[A-Za-z0-9_.:-]{1,64}$/, "1-64 of A-Z a-z 0-9 _ . : -"));

/** RFC draft "Idempotency-Key": a short printable token. */
export const idempotencyKeySchema = z
  .string()
  .check(z.regex(/^[\x21-\x7e]{1,128}$/, "1-128 printable ASCII characters"));

const taskStatusSchema = z.enum(taskStatuses);

/** GET /tasks: recent tasks of the fleet or of one device, newest first. */
export const taskListQuerySchema = z.strictObject({
  status: z.optional(taskStatusSchema),
  deviceId: z
    .optional(
      z
        .string()
        .check(
          z.maxLength(1024),
          z.refine(isDeviceId, "a device id, <OUI>-<ProductClass>-<SerialNumber>"),
        ),
    )
    .check(z.describe("Only this device's tasks")),
  since: z
    .optional(isoTime)
    .check(
      z.describe(
        "Oldest creation time listed (default 7 days ago; earlier than the task lifetime or 7 days, whichever is longer, is moved up to it)",
      ),
    ),
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(200)), 50),
  cursor: z
    .optional(z.string().check(z.maxLength(2048)))
    .check(z.describe("From the previous page")),
});
