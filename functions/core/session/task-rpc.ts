import type { AcsMessage } from "../cwmp/acs-messages.ts";
import { normalizeXsdType } from "../cwmp/xsd-type.ts";
import { isMoreRpcTask } from "../model/more-rpc-task-specs.ts";
import {
  maskedValue,
  parameterSecretContext,
  transferPasswordContext,
} from "../model/secret-parameters.ts";
import type { TaskRecord } from "../model/task.ts";
import { assertNever } from "./assert-never.ts";
import { moreRpcForTask } from "./more-rpc-for-task.ts";

/**
 * Opens a sealed secret value of a task (SecretSealer in services) bound to `context`
 * (secret-parameters.ts); throws when it cannot.
 */
export type SecretOpener = (sealed: string, context: string) => string;

/**
 * The RPC that carries out a task (TR-069 Annex A.3.2/A.4.1). The task id is
 * the CommandKey of Reboot, Download, Upload and ScheduleInform, so the
 * TransferComplete or "M ..." event that follows (maybe after a reboot, in
 * another session) finds its task. Sealed secret values are opened with `openSecret` here, when
 * the RPC is encoded, and nowhere else. `transferUrl` is the URL presigned at send for a
 * transfer to or from the ACS's own file store (a spec without `url`): never stored.
 */
export function rpcForTask(
  task: TaskRecord,
  openSecret: SecretOpener,
  transferUrl?: string,
): AcsMessage {
  const spec = task.spec;
  if (isMoreRpcTask(spec)) return moreRpcForTask(task.id, spec, openSecret);
  switch (spec.name) {
    case "getParameterValues":
      return { method: "GetParameterValues", parameterNames: spec.parameterNames };
    case "setParameterValues":
      return {
        method: "SetParameterValues",
        parameterList: [
          ...spec.parameterValues,
          ...(spec.sealedValues ?? []).map(
            ([name, sealed, type]) =>
              [name, openSecret(sealed, parameterSecretContext(name)), type] as const,
          ),
        ].map(([name, value, type]) => ({ name, value, type: normalizeXsdType(type) })),
        parameterKey: spec.parameterKey ?? "",
      };
    case "getParameterNames":
      return {
        method: "GetParameterNames",
        parameterPath: spec.parameterPath,
        nextLevel: spec.nextLevel ?? false,
      };
    case "getParameterAttributes":
      return { method: "GetParameterAttributes", parameterNames: spec.parameterNames };
    case "setParameterAttributes":
      return {
        method: "SetParameterAttributes",
        parameterList: spec.parameters.map((p) => ({
          name: p.name,
          notificationChange: p.notification !== undefined,
          notification: p.notification ?? 0,
          accessListChange: p.accessList !== undefined,
          accessList: p.accessList ?? [],
        })),
      };
    case "addObject":
      // Its reply was lost: first see whether the instance exists (unanswered-task.ts).
      if (task.addObjectRecovery?.verifying)
        return { method: "GetParameterNames", parameterPath: spec.objectName, nextLevel: true };
      return {
        method: "AddObject",
        objectName: spec.objectName,
        parameterKey: spec.parameterKey ?? "",
      };
    case "deleteObject":
      return {
        method: "DeleteObject",
        objectName: spec.objectName,
        parameterKey: spec.parameterKey ?? "",
      };
    case "reboot":
      return { method: "Reboot", commandKey: task.id };
    case "factoryReset":
      return { method: "FactoryReset" };
    case "download":
      return {
        method: "Download",
        commandKey: task.id,
        fileType: spec.fileType,
        url: spec.url ?? transferUrl ?? "",
        username: spec.username ?? "",
        password: transferPassword(spec, openSecret),
        fileSize: spec.fileSize ?? 0,
        targetFileName: spec.targetFileName ?? "",
        delaySeconds: spec.delaySeconds ?? 0,
        successURL: "",
        failureURL: "",
      };
    case "upload":
      return {
        method: "Upload",
        commandKey: task.id,
        fileType: spec.fileType,
        url: spec.url ?? transferUrl ?? "",
        username: spec.username ?? "",
        password: transferPassword(spec, openSecret),
        delaySeconds: spec.delaySeconds ?? 0,
      };
    case "scheduleInform":
      return {
        method: "ScheduleInform",
        delaySeconds: spec.delaySeconds,
        commandKey: spec.commandKey ?? task.id,
      };
    default:
      return assertNever(spec);
  }
}

/** A Download/Upload password: the sealed one opened, else as given ("" for none, A.3.2.8). */
function transferPassword(
  spec: Extract<TaskRecord["spec"], { name: "download" | "upload" }>,
  openSecret: SecretOpener,
): string {
  if (spec.sealedPassword === undefined) return spec.password ?? "";
  return openSecret(spec.sealedPassword, transferPasswordContext(spec.url ?? ""));
}

/** The method of the task's next RPC, for matching a reply: secrets stay sealed. */
export function rpcMethodForTask(task: TaskRecord): AcsMessage["method"] {
  return rpcForTask(task, () => maskedValue).method;
}
