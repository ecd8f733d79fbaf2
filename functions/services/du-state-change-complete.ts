import type { CpeMessageOf } from "../core/cwmp/cpe-messages.ts";
import type { DeviceRecord } from "../core/model/device.ts";
import { finalTaskStatuses } from "../core/model/task.ts";
import {
  duOperationResult,
  duParameterUpdates,
  duStateChangeCompleted,
} from "../core/session/du-state-change-complete.ts";
import type { ParameterUpdate } from "../core/session/task-outcome.ts";
import { applyParameterUpdate } from "./apply-parameter-update.ts";
import { publishTaskEnd } from "./publish-task-end.ts";
import type { SessionDeps } from "./session-deps.ts";
import { recordLateReply } from "./task-reply.ts";
import type { TransferSettlement } from "./transfer-complete.ts";
import { updateTaskQuietly } from "./update-task-quietly.ts";

const nothingSettled: TransferSettlement = { leaving: [], retryLater: [] };

async function applyAll(
  deps: SessionDeps,
  device: DeviceRecord,
  updates: readonly ParameterUpdate[],
): Promise<void> {
  for (const update of updates)
    await applyParameterUpdate(deps.parameters, device.id, device.parameterGeneration, update);
}

/**
 * DUStateChangeComplete (TR-069 A.4.2.1) names its ChangeDUState task by CommandKey, like
 * TransferComplete (transfer-complete.ts): the task ends with a result per operation (or is
 * retried later, task-policy.ts), and the DUs the results name are written to the device's
 * parameters (TR-157 DeploymentUnit.{i}.), whatever became of the task.
 */
export async function completeDuStateChange(
  deps: SessionDeps,
  message: CpeMessageOf<"DUStateChangeComplete">,
  device: DeviceRecord,
): Promise<TransferSettlement> {
  const task = message.commandKey ? await deps.tasks.getTask(message.commandKey) : undefined;
  const now = deps.clock.now();
  if (!task || task.deviceId !== device.id || task.spec.name !== "changeDUState") {
    deps.logger.info("DUStateChangeComplete for no ChangeDUState task of this device", {
      deviceId: device.id,
      commandKey: message.commandKey,
    });
    return nothingSettled;
  }
  const settled = duStateChangeCompleted(task, message, now);
  await applyAll(deps, device, settled.parameters);
  if (finalTaskStatuses.has(task.status)) {
    await recordLateReply(deps, task, message, now);
    return nothingSettled;
  }
  if (!(await updateTaskQuietly(deps.tasks, settled.task, task.status))) return nothingSettled;
  await publishTaskEnd(deps, settled.task);
  return {
    leaving: finalTaskStatuses.has(settled.task.status) ? [task.id] : [],
    retryLater: settled.task.status === "pending" ? [task.id] : [],
  };
}

/**
 * AutonomousDUStateChangeComplete (TR-069 A.4.2.2): a DU change the ACS did not ask for (a
 * local install, say). No task waits for it; it is logged and its DUs written, so the device
 * view's inventory shows them.
 */
export async function recordAutonomousDuChange(
  deps: SessionDeps,
  message: CpeMessageOf<"AutonomousDUStateChangeComplete">,
  device: DeviceRecord,
): Promise<TransferSettlement> {
  const now = deps.clock.now();
  const results = message.results.map((op) => ({
    ...duOperationResult(op),
    operationPerformed: op.operationPerformed,
  }));
  deps.logger.info("autonomous DU state change", {
    deviceId: device.id,
    operations: results.map((r) => ({
      operation: r.operationPerformed,
      uuid: r.uuid,
      deploymentUnitRef: r.deploymentUnitRef,
      currentState: r.currentState,
      faultCode: r.fault?.code ?? 0,
    })),
  });
  await applyAll(deps, device, duParameterUpdates(results, now));
  return nothingSettled;
}
