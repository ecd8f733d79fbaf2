import { type StageOutcomes, stageOutcomes } from "../core/campaign/campaign-progress.ts";
import type { CampaignRecord } from "../core/model/campaign.ts";
import type { CampaignDeps } from "./campaign-deps.ts";

/**
 * Sends connection requests at the campaign's rate while fewer than `maxInSession` woken devices
 * of the stage have not finished. The bound comes from the progress counters (woken less
 * finished), not from reading each task: a step costs the same however many devices are woken.
 * A re-wake (a device that came in while the campaign was paused, take-held-tasks.ts) is sent
 * at the same rate but is neither bounded by nor added to `woken`: that device was counted woken
 * when first woken and is still in session by that count (counting it again would inflate the
 * bound; waiting for room would stall when every device in session is a held one).
 */
export async function wakeStageDevices(
  deps: Pick<CampaignDeps, "connectionRequests" | "settings">,
  campaign: CampaignRecord,
  outcomes: readonly StageOutcomes[],
  now: number,
): Promise<CampaignRecord> {
  const stage = campaign.stage;
  if (!stage) return campaign;
  const interval = 1000 / campaign.rate.connectionRequestsPerSecond;
  const counts = stageOutcomes(outcomes, stage.index);
  const finishedWoken = counts.succeeded + counts.failed + counts.skipped - stage.notApplicable;
  let inSession = Math.max(0, stage.woken - finishedWoken);
  // The wake clock may lag `now` by one runner step (catchUpMs), so a step that ran late sends what
  // the rate allowed meanwhile (a lag of one interval only capped 20/s at about 4/s, measured);
  // after a longer idle spell it does not burst to catch up: the rate holds over any window.
  let nextWakeAt = Math.max(campaign.nextWakeAt, now - Math.max(interval, deps.settings.catchUpMs));
  const toWake = [...campaign.toWake];
  let woken = 0;
  let sent = 0;
  while (toWake.length > 0 && nextWakeAt <= now) {
    const next = toWake[0];
    if (!next || (!next.rewake && inSession >= campaign.rate.maxInSession)) break;
    toWake.shift();
    await deps.connectionRequests.send({
      deviceId: next.deviceId,
      reason: `campaign ${campaign.id}`,
      requestedAt: new Date(now).toISOString(),
      notAfter: new Date(now + deps.settings.wakeValidMs).toISOString(),
    });
    sent += 1;
    nextWakeAt += interval;
    if (next.rewake) continue;
    woken += 1;
    inSession += 1;
  }
  if (sent === 0) return campaign;
  return { ...campaign, toWake, nextWakeAt, stage: { ...stage, woken: stage.woken + woken } };
}
