import type { TaskRecord, TaskStatus } from "../core/model/task.ts";
import { assertNever } from "../core/session/assert-never.ts";
import type { CampaignOutcome, CampaignProgressStore, Logger } from "../ports.ts";

/** What a task's status means for its campaign: undefined while the task is still open. */
export function campaignOutcomeOf(status: TaskStatus): CampaignOutcome | undefined {
  switch (status) {
    case "done":
    case "verified":
      return "succeeded";
    case "faulted":
    case "expired":
      return "failed";
    case "cancelled":
      return "skipped";
    case "pending":
    case "running":
    case "awaiting-transfer":
    case "verifying":
      return undefined;
    default:
      return assertNever(status);
  }
}

/**
 * Counts a campaign task that has just ended in its campaign's stage. Call it once, right after
 * the conditional write that made the task final succeeded (a replayed exchange finds the task
 * final and writes nothing, so it is never counted twice). The task's end is already stored:
 * a failure here loses one count, is logged, and never fails the caller.
 */
export async function recordCampaignOutcome(
  deps: { readonly campaignProgress: CampaignProgressStore; readonly logger: Logger },
  task: TaskRecord,
): Promise<void> {
  const outcome = campaignOutcomeOf(task.status);
  if (task.campaignId === undefined || outcome === undefined) return;
  const stage = task.campaignStage ?? 0;
  try {
    await deps.campaignProgress.recordOutcome({
      campaignId: task.campaignId,
      stage,
      outcome,
      deviceId: task.deviceId,
    });
  } catch (error) {
    deps.logger.error("campaign outcome not counted", {
      campaignId: task.campaignId,
      stage,
      outcome,
      deviceId: task.deviceId,
      taskId: task.id,
      error: String(error),
    });
  }
}
