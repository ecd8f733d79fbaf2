import type { TaskRecord } from "../core/model/task.ts";
import { publishTaskEnd } from "./publish-task-end.ts";
import type { SessionDeps } from "./session-deps.ts";
import { updateTaskQuietly } from "./update-task-quietly.ts";

/** The tasks whose transfer a CancelTransfer may name: the ACS uses the task id as CommandKey. */
const transferTasks: ReadonlySet<string> = new Set(["scheduleDownload", "download", "upload"]);

/**
 * A CancelTransfer the CPE accepted (TR-069 A.4.1.7: the transfer is removed from its queue and
 * no TransferComplete will come) ends the transfer task it names: the task whose id is that
 * CommandKey, if it is this device's and still waits for its TransferComplete, ends `cancelled`
 * (reason naming the CancelTransfer task) and leaves the queue. Its id, if so.
 */
export async function endCancelledTransfer(
  deps: SessionDeps,
  cancel: TaskRecord,
  now: number,
): Promise<string[]> {
  if (cancel.spec.name !== "cancelTransfer" || cancel.status !== "done") return [];
  const target = await deps.tasks.getTask(cancel.spec.commandKey);
  if (
    target?.deviceId !== cancel.deviceId ||
    target.status !== "awaiting-transfer" ||
    !transferTasks.has(target.spec.name)
  )
    return [];
  const cancelled: TaskRecord = {
    ...target,
    status: "cancelled",
    reason: `transfer cancelled on the CPE by task ${cancel.id}`,
    updatedAt: now,
  };
  if (!(await updateTaskQuietly(deps.tasks, cancelled, "awaiting-transfer"))) return [];
  await publishTaskEnd(deps, cancelled);
  deps.logger.info("transfer task cancelled", { deviceId: target.deviceId, taskId: target.id });
  return [target.id];
}
