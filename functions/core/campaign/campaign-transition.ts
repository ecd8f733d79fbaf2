import type { CampaignRecord, CampaignStatus } from "../model/campaign.ts";
import { assertNever } from "../session/assert-never.ts";

/** What may happen to a campaign: the operator's pause/resume/cancel, the runner's halt/complete. */
export type CampaignAction = OperatorAction | "halt" | "complete";

/** What the operator may do through the API. */
export type OperatorAction = "pause" | "resume" | "cancel";

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

/**
 * The operator's pause, resume or cancel applied to the record (status via transitionCampaign).
 * Time spent paused does not count against the current stage's timeout: on resume the stage's
 * start moves later by the pause, so a stage does not end the moment it resumes. A resume also
 * asks the runner to wake again the devices whose session came in while paused (`rewakeHeld`).
 */
export function applyOperatorAction(
  campaign: CampaignRecord,
  action: OperatorAction,
  now: number,
): CampaignRecord {
  const status = transitionCampaign(campaign.status, action);
  const { runner: _runner, pausedAt, ...rest } = campaign;
  const stage =
    action === "resume" && pausedAt !== undefined && rest.stage && rest.stage.endedAt === undefined
      ? { ...rest.stage, startedAt: rest.stage.startedAt + Math.max(0, now - pausedAt) }
      : rest.stage;
  return {
    ...rest,
    ...(stage && { stage }),
    status,
    updatedAt: now,
    version: campaign.version + 1,
    ...(action === "pause" && { pausedAt: now }),
    ...(action === "resume" && { rewakeHeld: true as const }),
    ...(action === "cancel" && { toWake: [] }),
  };
}
