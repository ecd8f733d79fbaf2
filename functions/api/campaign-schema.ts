import * as z from "zod";
import { minutesOfDay } from "../core/campaign/maintenance-window.ts";
import { defaultStageTimeoutSeconds } from "../core/model/campaign.ts";
import { deviceFilterShape } from "./query-schemas.ts";
import { taskSpecSchema } from "./task-schema.ts";

const count = (what: string) => z.number().int().min(1).max(10_000_000).describe(what);

/** A failure threshold: a percentage once enough devices finished, or an absolute count. */
const haltThresholdSchema = z.union([
  z.strictObject({
    failedPercent: z
      .number()
      .gt(0)
      .max(100)
      .describe("Halt once failed/finished reaches this percentage"),
    minFinished: count("...after at least this many devices finished (succeeded or failed)"),
  }),
  z.strictObject({ failedCount: count("Halt once this many devices failed") }),
]);

const timeOfDay = z
  .string()
  .refine((text) => minutesOfDay(text) !== undefined, "a UTC time of day, HH:MM (00:00-23:59)");

const stagesSchema = z.strictObject({
  canary: count("Devices in the first stage (fewer when fewer match)").optional(),
  waves: z
    .union([
      z.strictObject({ size: count("Devices per wave") }),
      z.strictObject({
        percent: z
          .number()
          .int()
          .min(1)
          .max(100)
          .describe("Devices per wave, a percentage of the matched devices (rounded up)"),
      }),
    ])
    .optional()
    .describe("After the canary; none: one wave takes every device left"),
  soakSeconds: z
    .number()
    .int()
    .min(0)
    .max(7 * 86_400)
    .default(0)
    .describe("The least time between a stage's end and the next stage's start"),
  stageTimeoutSeconds: z
    .number()
    .int()
    .min(60)
    .max(7 * 86_400)
    .default(defaultStageTimeoutSeconds)
    .describe("A stage whose tasks have not all finished ends after this long"),
});

/** POST /campaigns: one task for every matching device, in stages, stopping itself on failures. */
export const campaignSchema = z.strictObject({
  filter: z.strictObject(deviceFilterShape).default({}),
  task: taskSpecSchema,
  rate: z.strictObject({
    connectionRequestsPerSecond: z
      .number()
      .positive()
      .max(1000)
      .describe("Connection requests per second at most"),
    maxInSession: z
      .number()
      .int()
      .min(1)
      .max(1000)
      .describe("Woken devices whose task has not ended, at most"),
  }),
  stages: stagesSchema.default({ soakSeconds: 0, stageTimeoutSeconds: defaultStageTimeoutSeconds }),
  maintenanceWindow: z
    .strictObject({ start: timeOfDay, end: timeOfDay })
    .refine((window) => window.start !== window.end, {
      message: "start and end must differ",
      path: ["end"],
    })
    .optional()
    .describe("UTC; no stage starts and no device is woken outside it; may wrap midnight"),
  haltWhen: z
    .strictObject({
      stage: haltThresholdSchema.optional(),
      overall: haltThresholdSchema.optional(),
    })
    .optional(),
});

/** GET /campaigns */
export const campaignListQuerySchema = z.strictObject({
  status: z.enum(["running", "paused", "halted", "cancelled", "completed"]).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(512).optional(),
});
