import { maxHeldTasks } from "../campaign-ports.ts";
import type { CampaignRecord } from "../core/model/campaign.ts";
import type { CampaignDeps } from "./campaign-deps.ts";

/**
 * On the first step after a resume (`rewakeHeld`): the tasks sessions held while the campaign was
 * paused go first in `toWake`, marked `rewake`, once each (one already waiting there is not
 * added twice), and the flag is cleared. Their devices were woken before the pause and came in
 * while paused: without a second connection request their tasks would wait for the device's
 * next periodic Inform and the stage for its timeout. Taken once: if this step's save is lost,
 * they run at that Inform instead.
 */
export async function takeHeldTasks(
  deps: Pick<CampaignDeps, "progress">,
  campaign: CampaignRecord,
): Promise<CampaignRecord> {
  if (!campaign.rewakeHeld) return campaign;
  const { rewakeHeld: _rewakeHeld, ...rest } = campaign;
  const held = await deps.progress.takeHeld(campaign.id);
  const waiting = new Set(campaign.toWake.map((entry) => entry.taskId));
  const rewakes = held
    .filter((entry) => !waiting.has(entry.taskId))
    .slice(0, maxHeldTasks)
    .map((entry) => ({ taskId: entry.taskId, deviceId: entry.deviceId, rewake: true as const }));
  return { ...rest, toWake: [...rewakes, ...campaign.toWake] };
}
