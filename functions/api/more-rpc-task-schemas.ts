import * as z from "zod";

/** The field schemas the task bodies share (task-schema.ts), handed in to keep one definition. */
export interface TaskFieldSchemas {
  readonly url: z.ZodType<string>;
  readonly xmlText: z.ZodString;
  readonly transferPassword: (section: string) => z.ZodOptional<z.ZodString>;
}

/** TR-157 DeploymentUnit UUID (RFC 4122 text, version 3 or 5 when the CPE derives it). */
const uuid = z
  .string()
  .regex(/^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/, "not a UUID")
  .describe("DeploymentUnit.{i}.UUID (TR-157)");

const executionEnvRef = z
  .string()
  .max(256)
  .regex(
    /^((Device|InternetGatewayDevice)\.SoftwareModules\.ExecEnv\.\d+\.?)?$/,
    "not an ExecEnv path",
  )
  .describe("e.g. Device.SoftwareModules.ExecEnv.1; empty or absent: the CPE chooses");

/** ScheduleDownload's WindowMode values (TR-069 A.4.1.8); vendor values start with "X ". */
const windowMode = z
  .string()
  .regex(
    /^(1 At Any Time|2 Immediately|3 When Idle|4 Confirmation Needed|X [^ ]+ .+)$/,
    "not a WindowMode",
  )
  .describe('"1 At Any Time", "2 Immediately", "3 When Idle", "4 Confirmation Needed"');

/**
 * Bodies of the optional-RPC tasks (TR-069 A.4.1): ChangeDUState (TR-157 software modules),
 * ScheduleDownload, CancelTransfer, GetQueuedTransfers, GetAllQueuedTransfers, GetRPCMethods.
 */
export function moreRpcTaskSchemas({ url, xmlText, transferPassword }: TaskFieldSchemas) {
  const duOperation = z.discriminatedUnion("type", [
    z.strictObject({
      type: z.literal("install"),
      url: url.describe("Where the CPE fetches the DU"),
      uuid: uuid.optional().describe("Absent: the CPE derives it (TR-157)"),
      username: xmlText.max(256).optional(),
      password: transferPassword("TR-069 A.4.1.10"),
      executionEnvRef: executionEnvRef.optional(),
    }),
    z.strictObject({
      type: z.literal("update"),
      uuid,
      version: xmlText.max(32).optional().describe("Absent: the DU's only version"),
      url: url.optional().describe("Absent: the URL it was installed from"),
      username: xmlText.max(256).optional(),
      password: transferPassword("TR-069 A.4.1.10"),
    }),
    z.strictObject({
      type: z.literal("uninstall"),
      uuid,
      version: xmlText.max(32).optional(),
      executionEnvRef: executionEnvRef.optional(),
    }),
  ]);
  const timeWindow = z
    .strictObject({
      windowStart: z.number().int().min(0).max(4294967295).describe("Seconds after the RPC"),
      windowEnd: z.number().int().min(0).max(4294967295),
      windowMode,
      userMessage: xmlText.max(256).optional(),
      maxRetries: z
        .number()
        .int()
        .min(-1)
        .max(2147483647)
        .optional()
        .describe("-1: the CPE's policy"),
    })
    .refine((w) => w.windowEnd >= w.windowStart, "windowEnd before windowStart");
  return [
    z.strictObject({
      name: z.literal("changeDUState"),
      operations: z.array(duOperation).min(1).max(16),
    }),
    z
      .strictObject({
        name: z.literal("scheduleDownload"),
        fileType: z.string().min(1).max(64).describe('e.g. "1 Firmware Upgrade Image"'),
        url,
        username: xmlText.max(256).optional(),
        password: transferPassword("TR-069 A.4.1.8"),
        fileSize: z.number().int().min(0).max(4294967295).optional(),
        targetFileName: xmlText.max(256).optional(),
        timeWindows: z.array(timeWindow).min(1).max(2),
      })
      .refine(
        (spec) => {
          const [first, second] = spec.timeWindows;
          return !first || !second || second.windowStart >= first.windowEnd;
        },
        { path: ["timeWindows"], message: "the second window must start after the first ends" },
      ),
    z.strictObject({ name: z.literal("cancelTransfer"), commandKey: xmlText.max(32) }),
    z.strictObject({ name: z.literal("getQueuedTransfers") }),
    z.strictObject({ name: z.literal("getAllQueuedTransfers") }),
    z.strictObject({ name: z.literal("getRPCMethods") }),
  ] as const;
}
