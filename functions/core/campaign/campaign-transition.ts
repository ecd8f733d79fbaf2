import type { CampaignStatus } from "../model/campaign.ts";
import { assertNever } from "../session/assert-never.ts";

/** What may happen to a campaign: the operator's pause/resume/cancel, the runner's halt/complete. */
export type CampaignAction = "pause" | "resume" | "cancel" | "halt" | "complete";

/** The action is not allowed from the campaign's status (the API answers 409). */
export class CampaignTransitionError extends Error {
  override readonly name = "CampaignTransitionError";
  constructor(
    readonly from: CampaignStatus,
    readonly action: CampaignAction,
  ) {
    super(`a ${from} campaign cannot ${action}`);
  }
}

/**
 * The one place campaign statuses change. Halted, cancelled and completed are final; only a
 * running campaign is paused, halted or completed, only a paused one resumed.
 */
export function transitionCampaign(from: CampaignStatus, action: CampaignAction): CampaignStatus {
  const to = target(from, action);
  if (to === undefined) throw new CampaignTransitionError(from, action);
  return to;
}

function target(from: CampaignStatus, action: CampaignAction): CampaignStatus | undefined {
  switch (action) {
    case "pause":
      return from === "running" ? "paused" : undefined;
    case "resume":
      return from === "paused" ? "running" : undefined;
    case "cancel":
      return from === "running" || from === "paused" ? "cancelled" : undefined;
    case "halt":
      return from === "running" ? "halted" : undefined;
    case "complete":
      return from === "running" ? "completed" : undefined;
    default:
      return assertNever(action);
  }
}
