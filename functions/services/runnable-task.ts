import type { SessionState } from "../core/model/session-state.ts";
import { finalTaskStatuses, type TaskRecord } from "../core/model/task.ts";
import { expire, gaveUp, isExpired, maySend } from "../core/session/task-policy.ts";
import { settleUnanswered } from "../core/session/unanswered-task.ts";
import { publishTaskEnd } from "./publish-task-end.ts";
import type { SessionDeps } from "./session-deps.ts";
import { updateTaskQuietly } from "./update-task-quietly.ts";
import { verifyFirmware } from "./verify-firmware.ts";

/** A queued task as the ACS found it: the one to send now, if any, and whether it leaves the queue. */
export interface QueuedTaskState {
  readonly task?: TaskRecord;
  readonly leaves: boolean;
}

/**
 * The task if the ACS may send it now. Finished ones leave the queue; one waiting for its
 * TransferComplete stays queued but is not sent; one still `running` got no reply to its last
 * send and is settled first (unanswered-task.ts); one with no sends left gives up; one
 * `verifying` is judged by a later session's Inform (verify-firmware.ts), never sent.
 */
export async function runnableTask(
  deps: SessionDeps,
  session: SessionState,
  taskId: string,
  now: number,
): Promise<QueuedTaskState> {
  const task = await deps.tasks.getTask(taskId);
  if (!task || finalTaskStatuses.has(task.status)) return { leaves: true };
  if (isExpired(task, now)) {
    await updateTaskQuietly(deps.tasks, expire(task, now), task.status);
    return { leaves: true };
  }
  const current = await settled(deps, session, task, now);
  if (!current) return { leaves: false };
  return {
    ...(current.status === "pending" && { task: current }),
    leaves: finalTaskStatuses.has(current.status),
  };
}

/** The task after settling an unanswered send or a spent attempt budget; undefined if moved on. */
async function settled(
  deps: SessionDeps,
  session: SessionState,
  task: TaskRecord,
  now: number,
): Promise<TaskRecord | undefined> {
  if (task.status === "verifying") return verifyFirmware(deps, session, task, now);
  if (task.status === "running") {
    const next = settleUnanswered(task, session, now);
    if (!(await updateTaskQuietly(deps.tasks, next, "running"))) return undefined;
    deps.logger.warn("task got no reply to its last send", {
      deviceId: task.deviceId,
      taskId: task.id,
      task: task.spec.name,
      attempts: task.attempts,
      status: next.status,
    });
    await publishTaskEnd(deps, next);
    return next;
  }
  if (task.status === "pending" && !maySend(task)) {
    const next = gaveUp(task, now);
    if (!(await updateTaskQuietly(deps.tasks, next, "pending"))) return undefined;
    await publishTaskEnd(deps, next);
    return next;
  }
  return task;
}
