import type { AcsMessage, DuOperation } from "../cwmp/acs-messages.ts";
import type { DuOperationSpec, MoreRpcTaskSpec } from "../model/more-rpc-task-specs.ts";
import { transferPasswordContext } from "../model/secret-parameters.ts";
import { assertNever } from "./assert-never.ts";
import type { SecretOpener } from "./task-rpc.ts";

/**
 * The RPC of an optional-RPC task (TR-069 A.4.1). ScheduleDownload and ChangeDUState carry
 * the task id as CommandKey, so the TransferComplete or DUStateChangeComplete that follows
 * (in a later session, TR-069 A.3.3.2, A.4.2.1) finds its task.
 */
export function moreRpcForTask(
  taskId: string,
  spec: MoreRpcTaskSpec,
  openSecret: SecretOpener,
): AcsMessage {
  switch (spec.name) {
    case "changeDUState":
      return {
        method: "ChangeDUState",
        operations: spec.operations.map((op) => duOperation(op, openSecret)),
        commandKey: taskId,
      };
    case "scheduleDownload":
      return {
        method: "ScheduleDownload",
        commandKey: taskId,
        fileType: spec.fileType,
        url: spec.url,
        username: spec.username ?? "",
        password: openedPassword(spec, openSecret),
        fileSize: spec.fileSize ?? 0,
        targetFileName: spec.targetFileName ?? "",
        timeWindowList: spec.timeWindows.map((w) => ({
          windowStart: w.windowStart,
          windowEnd: w.windowEnd,
          windowMode: w.windowMode,
          userMessage: w.userMessage ?? "",
          maxRetries: w.maxRetries ?? -1,
        })),
      };
    case "cancelTransfer":
      return { method: "CancelTransfer", commandKey: spec.commandKey };
    case "getQueuedTransfers":
      return { method: "GetQueuedTransfers" };
    case "getAllQueuedTransfers":
      return { method: "GetAllQueuedTransfers" };
    case "getRPCMethods":
      return { method: "GetRPCMethods" };
    default:
      return assertNever(spec);
  }
}

/** A file server password: the sealed one opened (bound to its URL), else as given. */
function openedPassword(
  source: { url?: string; password?: string; sealedPassword?: string },
  openSecret: SecretOpener,
): string {
  if (source.sealedPassword === undefined) return source.password ?? "";
  return openSecret(source.sealedPassword, transferPasswordContext(source.url ?? ""));
}

/** Absent optional fields are sent empty: TR-069 A.4.1.10 gives "" a meaning for each. */
function duOperation(op: DuOperationSpec, openSecret: SecretOpener): DuOperation {
  switch (op.type) {
    case "install":
      return {
        operation: "InstallOpStruct",
        url: op.url,
        uuid: op.uuid ?? "",
        username: op.username ?? "",
        password: openedPassword(op, openSecret),
        executionEnvRef: op.executionEnvRef ?? "",
      };
    case "update":
      return {
        operation: "UpdateOpStruct",
        uuid: op.uuid,
        version: op.version ?? "",
        url: op.url ?? "",
        username: op.username ?? "",
        password: openedPassword(op, openSecret),
      };
    case "uninstall":
      return {
        operation: "UninstallOpStruct",
        uuid: op.uuid,
        version: op.version ?? "",
        executionEnvRef: op.executionEnvRef ?? "",
      };
    default:
      return assertNever(op);
  }
}
