import { z } from "zod";
import { deviceFilterShape } from "./query-schemas.ts";
import { taskSpecSchema } from "./task-schema.ts";

/** POST /campaigns: one task for every device matching the filter, woken at a bounded rate. */
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
});
