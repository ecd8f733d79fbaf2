import * as z from "zod/mini";
import { minutesOfDay } from "../core/campaign/maintenance-window.ts";
import { defaultStageTimeoutSeconds } from "../core/model/campaign.ts";
import { deviceFilterShape } from "./query-schemas.ts";
import { described, integerIn } from "./schema-parts.ts";
import { taskSpecSchema } from "./task-schema.ts";

const count = (what: string) => described(integerIn(1, 10_000_000), what);

/** A failure threshold: a percentage once enough devices finished, or an absolute count. */
const haltThresholdSchema = z.union([
  z.strictObject({
    failedPercent: described(
      z.number().check(z.gt(0), z.lte(100)),
      "Halt once failed/finished reaches this percentage",
    ),
    minFinished: count("...after at least this many devices finished (succeeded or failed)"),
  }),
  z.strictObject({ failedCount: count("Halt once this many devices failed") }),
]);

const timeOfDay = z
  .string()
  .check(
    z.refine((text) => minutesOfDay(text) !== undefined, "a UTC time of day, HH:MM (00:00-23:59)"),
  );

const stagesSchema = z.strictObject({
  canary: z.optional(count("Devices in the first stage (fewer when fewer match)")),
  waves: described(
    z.optional(
      z.union([
        z.strictObject({ size: count("Devices per wave") }),
        z.strictObject({
          percent: described(
            integerIn(1, 100),
            "Devices per wave, a percentage of the matched devices (rounded up)",
          ),
        }),
      ]),
    ),
    "After the canary; none: one wave takes every device left",
  ),
  soakSeconds: described(
    z._default(integerIn(0, 7 * 86_400), 0),
    "The least time between a stage's end and the next stage's start",
  ),
  stageTimeoutSeconds: described(
    z._default(integerIn(60, 7 * 86_400), defaultStageTimeoutSeconds),
    "A stage whose tasks have not all finished ends after this long",
  ),
});

/** POST /campaigns: one task for every matching device, in stages, stopping itself on failures. */
export const campaignSchema = z.strictObject({
  filter: z._default(z.strictObject(deviceFilterShape), {}),
  task: taskSpecSchema,
  rate: z.strictObject({
    connectionRequestsPerSecond: described(
      z.number().check(z.gt(0), z.lte(1000)),
      "Connection requests per second at most",
    ),
    maxInSession: described(integerIn(1, 1000), "Woken devices whose task has not ended, at most"),
  }),
  stages: z._default(stagesSchema, {
    soakSeconds: 0,
    stageTimeoutSeconds: defaultStageTimeoutSeconds,
  }),
  maintenanceWindow: described(
    z.optional(
      z.strictObject({ start: timeOfDay, end: timeOfDay }).check(
        z.refine((window) => window.start !== window.end, {
          message: "start and end must differ",
          path: ["end"],
        }),
      ),
    ),
    "UTC; no stage starts and no device is woken outside it; may wrap midnight",
  ),
  haltWhen: z.optional(
    z.strictObject({
      stage: z.optional(haltThresholdSchema),
      overall: z.optional(haltThresholdSchema),
    }),
  ),
});

/** GET /campaigns */
export const campaignListQuerySchema = z.strictObject({
  status: z.optional(z.enum(["running", "paused", "halted", "cancelled", "completed"])),
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(100)), 50),
  cursor: z.optional(z.string().check(z.maxLength(512))),
});
