import type { CampaignRecord } from "../core/model/campaign.ts";
import { TaskConflictError } from "../port-errors.ts";
import type { CampaignProgressStore, Clock, TaskStore } from "../ports.ts";

export interface CancelUnwokenDeps {
  readonly tasks: Pick<TaskStore, "getTask" | "updateTask" | "dequeue">;
  readonly progress: Pick<CampaignProgressStore, "recordOutcome">;
  readonly clock: Clock;
}

/**
 * Cancels a halted or cancelled campaign's tasks that were queued but not woken yet, so no device
 * past that point carries them out; each counts `skipped`. A task a session took meanwhile
 * (no longer pending) is left to the session, which records its own outcome.
 * Returns how many were cancelled.
 */
export async function cancelUnwokenTasks(
  deps: CancelUnwokenDeps,
  campaign: Pick<CampaignRecord, "id" | "toWake">,
  reason: string,
): Promise<number> {
  let cancelled = 0;
  for (const entry of campaign.toWake) {
    const task = await deps.tasks.getTask(entry.taskId);
    if (task?.status !== "pending") continue;
    try {
      await deps.tasks.updateTask(
        { ...task, status: "cancelled", reason, updatedAt: deps.clock.now() },
        "pending",
      );
    } catch (error) {
      if (error instanceof TaskConflictError) continue;
      throw error;
    }
    await deps.tasks.dequeue(task.deviceId, [task.id]);
    await deps.progress.recordOutcome({
      campaignId: campaign.id,
      stage: task.campaignStage ?? 0,
      outcome: "skipped",
      deviceId: task.deviceId,
    });
    cancelled += 1;
  }
  return cancelled;
}
