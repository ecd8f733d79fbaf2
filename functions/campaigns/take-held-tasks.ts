import { maxHeldTasks } from "../campaign-ports.ts";
import type { CampaignRecord } from "../core/model/campaign.ts";
import type { CampaignDeps } from "./campaign-deps.ts";

/**
 * On the first step after a resume (`rewakeHeld`), and every `heldCheckMs`: the tasks noted to
 * be woken again go first in `toWake`, marked `rewake`, once each (one already waiting there is
 * not added twice), and the flag is cleared. They are tasks sessions held while the campaign was
 * paused, and tasks a retryable fault put back in the queue (task-policy.ts; bounded by their
 * maxAttempts): their device's session is spent, and without a second connection request they
 * would wait for its next periodic Inform, the stage for its timeout and the halt rule for their
 * outcome. Taken once: if this step's save is lost, they run at that Inform instead.
 */
export async function takeHeldTasks(
  deps: Pick<CampaignDeps, "progress" | "settings">,
  campaign: CampaignRecord,
  now: number,
): Promise<CampaignRecord> {
  const due = now >= (campaign.heldCheckedAt ?? campaign.createdAt) + deps.settings.heldCheckMs;
  if (!campaign.rewakeHeld && !due) return campaign;
  const { rewakeHeld: _rewakeHeld, ...rest } = campaign;
  const held = await deps.progress.takeHeld(campaign.id);
  const waiting = new Set(campaign.toWake.map((entry) => entry.taskId));
  const rewakes = held
    .filter((entry) => !waiting.has(entry.taskId))
    .slice(0, maxHeldTasks)
    .map((entry) => ({ taskId: entry.taskId, deviceId: entry.deviceId, rewake: true as const }));
  return { ...rest, heldCheckedAt: now, toWake: [...rewakes, ...campaign.toWake] };
}
