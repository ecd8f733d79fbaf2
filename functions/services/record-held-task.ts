import type { TaskRecord } from "../core/model/task.ts";
import type { CampaignProgressStore, Logger } from "../ports.ts";

/**
 * Notes a campaign task the gate held (its campaign is paused) so the runner wakes its device
 * again on resume: the device's session is spent, and the runner counted it woken already.
 * A failure, or a full list, is logged and never fails the session: the task then runs at the
 * device's next periodic Inform (TR-069 3.2.1, PeriodicInformInterval).
 */
export async function recordHeldTask(
  deps: { readonly campaignProgress: CampaignProgressStore; readonly logger: Logger },
  task: TaskRecord & { readonly campaignId: string },
): Promise<void> {
  const context = { campaignId: task.campaignId, taskId: task.id, deviceId: task.deviceId };
  try {
    const kept = await deps.campaignProgress.recordHeld(context);
    if (!kept)
      deps.logger.warn("held campaign task not noted: the campaign's list is full", context);
  } catch (error) {
    deps.logger.error("held campaign task not noted", { ...context, error: String(error) });
  }
}
