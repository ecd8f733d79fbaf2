import * as z from "zod/mini";
import { described, integerIn } from "./schema-parts.ts";

/** The field schemas the task bodies share (task-schema.ts), handed in to keep one definition. */
export interface TaskFieldSchemas {
  readonly url: z.ZodMiniType<string, string>;
  readonly xmlText: z.ZodMiniString;
  readonly transferPassword: (section: string) => z.ZodMiniOptional<z.ZodMiniString>;
}

/** TR-157 DeploymentUnit UUID (RFC 4122 text, version 3 or 5 when the CPE derives it). */
const uuid = z
  .string()
  .check(
    z.regex(/^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/, "not a UUID"),
    z.describe("DeploymentUnit.{i}.UUID (TR-157)"),
  );

const executionEnvRef = z
  .string()
  .check(
    z.maxLength(256),
    z.regex(
      /^((Device|InternetGatewayDevice)\.SoftwareModules\.ExecEnv\.\d+\.?)?$/,
      "not an ExecEnv path",
    ),
    z.describe("e.g. Device.SoftwareModules.ExecEnv.1; empty or absent: the CPE chooses"),
  );

/** ScheduleDownload's WindowMode values (TR-069 A.4.1.8); vendor values start with "X ". */
const windowMode = z
  .string()
  .check(
    z.regex(
      /^(1 At Any Time|2 Immediately|3 When Idle|4 Confirmation Needed|X [^ ]+ .+)$/,
      "not a WindowMode",
    ),
    z.describe('"1 At Any Time", "2 Immediately", "3 When Idle", "4 Confirmation Needed"'),
  );

/**
 * Bodies of the optional-RPC tasks (TR-069 A.4.1): ChangeDUState (TR-157 software modules),
 * ScheduleDownload, CancelTransfer, GetQueuedTransfers, GetAllQueuedTransfers, GetRPCMethods.
 */
export function moreRpcTaskSchemas({ url, xmlText, transferPassword }: TaskFieldSchemas) {
  const text = (max: number) => xmlText.check(z.maxLength(max));
  const duOperation = z.discriminatedUnion("type", [
    z.strictObject({
      type: z.literal("install"),
      url: described(url, "Where the CPE fetches the DU"),
      uuid: described(z.optional(uuid), "Absent: the CPE derives it (TR-157)"),
      username: z.optional(text(256)),
      password: transferPassword("TR-069 A.4.1.10"),
      executionEnvRef: z.optional(executionEnvRef),
    }),
    z.strictObject({
      type: z.literal("update"),
      uuid,
      version: described(z.optional(text(32)), "Absent: the DU's only version"),
      url: described(z.optional(url), "Absent: the URL it was installed from"),
      username: z.optional(text(256)),
      password: transferPassword("TR-069 A.4.1.10"),
    }),
    z.strictObject({
      type: z.literal("uninstall"),
      uuid,
      version: z.optional(text(32)),
      executionEnvRef: z.optional(executionEnvRef),
    }),
  ]);
  const timeWindow = z
    .strictObject({
      windowStart: described(integerIn(0, 4294967295), "Seconds after the RPC"),
      windowEnd: integerIn(0, 4294967295),
      windowMode,
      userMessage: z.optional(text(256)),
      maxRetries: described(z.optional(integerIn(-1, 2147483647)), "-1: the CPE's policy"),
    })
    .check(z.refine((w) => w.windowEnd >= w.windowStart, "windowEnd before windowStart"));
  return [
    z.strictObject({
      name: z.literal("changeDUState"),
      operations: z.array(duOperation).check(z.minLength(1), z.maxLength(16)),
    }),
    z
      .strictObject({
        name: z.literal("scheduleDownload"),
        fileType: described(
          z.string().check(z.minLength(1), z.maxLength(64)),
          'e.g. "1 Firmware Upgrade Image"',
        ),
        url,
        username: z.optional(text(256)),
        password: transferPassword("TR-069 A.4.1.8"),
        fileSize: z.optional(integerIn(0, 4294967295)),
        targetFileName: z.optional(text(256)),
        timeWindows: z.array(timeWindow).check(z.minLength(1), z.maxLength(2)),
      })
      .check(
        z.refine(
          (spec) => {
            const [first, second] = spec.timeWindows;
            return !first || !second || second.windowStart >= first.windowEnd;
          },
          { path: ["timeWindows"], message: "the second window must start after the first ends" },
        ),
      ),
    z.strictObject({ name: z.literal("cancelTransfer"), commandKey: text(32) }),
    z.strictObject({ name: z.literal("getQueuedTransfers") }),
    z.strictObject({ name: z.literal("getAllQueuedTransfers") }),
    z.strictObject({ name: z.literal("getRPCMethods") }),
  ] as const;
}
