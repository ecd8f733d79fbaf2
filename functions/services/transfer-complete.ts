import type { CpeMessageOf } from "../core/cwmp/cpe-messages.ts";
import type { DeviceRecord } from "../core/model/device.ts";
import type { SessionState } from "../core/model/session-state.ts";
import { finalTaskStatuses, type TaskRecord, uploadFileId } from "../core/model/task.ts";
import { afterFirmwareTransfer } from "../core/session/firmware-verification.ts";
import { transferCompleted } from "../core/session/task-outcome.ts";
import { FileConflictError } from "../port-errors.ts";
import { publishTaskEnd } from "./publish-task-end.ts";
import type { SessionDeps } from "./session-deps.ts";
import { recordLateReply } from "./task-reply.ts";
import { updateTaskQuietly } from "./update-task-quietly.ts";
import { logVerification } from "./verify-firmware.ts";

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
 * fault, task-policy.ts). A firmware Download naming a version is judged by this session's
 * Inform or the next (firmware-verification.ts); an Upload to the ACS marks its file ready.
 */
export async function completeTransfer(
  deps: SessionDeps,
  message: CpeMessageOf<"TransferComplete">,
  device: DeviceRecord,
  session: SessionState,
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
  const transferred = afterFirmwareTransfer(transferCompleted(task, message, now), session, now);
  const finished = await withUploadedFile(deps, transferred, now);
  if (!(await updateTaskQuietly(deps.tasks, finished, task.status))) return nothingSettled;
  logVerification(deps, finished);
  await publishTaskEnd(deps, finished);
  return {
    leaving: finalTaskStatuses.has(finished.status) ? [task.id] : [],
    retryLater: finished.status === "pending" ? [task.id] : [],
  };
}

/**
 * An Upload to the ACS that the CPE reports done: its file becomes ready with the size and
 * SHA-256 of what the store holds; nothing there means the upload did not arrive (faulted).
 */
async function withUploadedFile(
  deps: SessionDeps,
  task: TaskRecord,
  now: number,
): Promise<TaskRecord> {
  const fileId = uploadFileId(task);
  if (task.status !== "done" || fileId === undefined || !deps.files) return task;
  const [file, stored] = await Promise.all([
    deps.files.store.getFile(fileId),
    deps.files.uploads.head(fileId),
  ]);
  if (!file || !stored) {
    const reason = "the CPE reported the upload complete, but the file store holds no content";
    return { ...task, status: "faulted", reason, updatedAt: now };
  }
  if (file.state === "pending-upload") {
    const ready = { ...file, size: stored.size, sha256: stored.sha256, uploadedAt: now };
    await deps.files.store.markReady({ ...ready, state: "ready" }).catch((error: unknown) => {
      // Marked ready meanwhile (a TransferComplete sent again): nothing to do.
      if (!(error instanceof FileConflictError)) throw error;
    });
  }
  return task;
}
