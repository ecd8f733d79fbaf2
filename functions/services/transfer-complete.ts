import type { CpeMessageOf } from "../core/cwmp/cpe-messages.ts";
import type { DeviceRecord } from "../core/model/device.ts";
import { finalTaskStatuses } from "../core/model/task.ts";
import { transferCompleted } from "../core/session/task-outcome.ts";
import { publishTaskEnd } from "./publish-task-end.ts";
import type { SessionDeps } from "./session-deps.ts";
import { recordLateReply } from "./task-reply.ts";
import { updateTaskQuietly } from "./update-task-quietly.ts";

/** What a TransferComplete settled: a task leaving the queue, or one to retry next session. */
export interface TransferSettlement {
  readonly leaving: readonly string[];
  readonly retryLater: readonly string[];
}

const nothingSettled: TransferSettlement = { leaving: [], retryLater: [] };

/**
 * TransferComplete (A.3.3.2) names its Download/Upload task by CommandKey, whether it waits
 * for it or its DownloadResponse was lost (still running). Returns the task that leaves the
 * queue (written with the session) or is retried in a later session (a transient transfer
 * fault, task-policy.ts).
 */
export async function completeTransfer(
  deps: SessionDeps,
  message: CpeMessageOf<"TransferComplete">,
  device: DeviceRecord,
): Promise<TransferSettlement> {
  const task = message.commandKey ? await deps.tasks.getTask(message.commandKey) : undefined;
  if (!task || task.deviceId !== device.id) {
    deps.logger.info("TransferComplete for no task of this device", {
      deviceId: device.id,
      commandKey: message.commandKey,
    });
    return nothingSettled;
  }
  const now = deps.clock.now();
  // Pending too: a Download whose reply was lost and was settled as unanswered still ran.
  if (finalTaskStatuses.has(task.status)) {
    await recordLateReply(deps, task, message, now);
    return nothingSettled;
  }
  const finished = transferCompleted(task, message, now);
  if (!(await updateTaskQuietly(deps.tasks, finished, task.status))) return nothingSettled;
  await publishTaskEnd(deps, finished);
  return {
    leaving: finalTaskStatuses.has(finished.status) ? [task.id] : [],
    retryLater: finished.status === "pending" ? [task.id] : [],
  };
}
