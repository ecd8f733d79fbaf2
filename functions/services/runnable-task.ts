import type { SessionState } from "../core/model/session-state.ts";
import { finalTaskStatuses, type TaskRecord } from "../core/model/task.ts";
import { assertNever } from "../core/session/assert-never.ts";
import { campaignGate } from "../core/session/campaign-gate.ts";
import { expire, gaveUp, isExpired, maySend } from "../core/session/task-policy.ts";
import { settleUnanswered } from "../core/session/unanswered-task.ts";
import type { CampaignStatusOf } from "./campaign-status-once.ts";
import { publishTaskEnd } from "./publish-task-end.ts";
import { recordHeldTask } from "./record-held-task.ts";
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
 * send and is settled first (unanswered-task.ts); one with no sends left gives up; a campaign's
 * task passes its campaign's gate (campaign-gate.ts); one `verifying` is judged by a later
 * session's Inform (verify-firmware.ts), never sent.
 */
export async function runnableTask(
  deps: SessionDeps,
  session: SessionState,
  taskId: string,
  now: number,
  campaignStatus: CampaignStatusOf,
): Promise<QueuedTaskState> {
  const task = await deps.tasks.getTask(taskId);
  if (!task || finalTaskStatuses.has(task.status)) return { leaves: true };
  if (isExpired(task, now)) {
    const expired = expire(task, now);
    if (await updateTaskQuietly(deps.tasks, expired, task.status))
      await publishTaskEnd(deps, expired);
    return { leaves: true };
  }
  const current = await settled(deps, session, task, now);
  if (!current) return { leaves: false };
  if (current.status !== "pending") return { leaves: finalTaskStatuses.has(current.status) };
  return gated(deps, current, campaignStatus, now);
}

/**
 * A pending task past its campaign's gate: sent while the campaign runs, held while it is
 * paused (no attempt counted, the queue goes on; noted for the runner to wake the device again
 * on resume), cancelled (skipped) once it never will run. Tasks of no campaign cost no read.
 */
async function gated(
  deps: SessionDeps,
  task: TaskRecord,
  campaignStatus: CampaignStatusOf,
  now: number,
): Promise<QueuedTaskState> {
  if (task.campaignId === undefined) return { task, leaves: false };
  const gate = campaignGate(task, await campaignStatus(task.campaignId), now);
  switch (gate.kind) {
    case "send":
      return { task, leaves: false };
    case "hold":
      deps.logger.info("campaign task held: its campaign is paused", {
        deviceId: task.deviceId,
        taskId: task.id,
        campaignId: task.campaignId,
      });
      await recordHeldTask(deps, { ...task, campaignId: task.campaignId });
      return { leaves: false };
    case "cancel":
      if (!(await updateTaskQuietly(deps.tasks, gate.task, "pending"))) return { leaves: false };
      deps.logger.info("campaign task cancelled unsent", {
        deviceId: task.deviceId,
        taskId: task.id,
        campaignId: task.campaignId,
        reason: gate.task.reason,
      });
      await publishTaskEnd(deps, gate.task);
      return { leaves: true };
    default:
      return assertNever(gate);
  }
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
