import {
  type CampaignProgress,
  campaignProgress,
  type StageOutcomes,
  stageOutcomes,
  totalOutcomes,
} from "../core/campaign/campaign-progress.ts";
import { transitionCampaign } from "../core/campaign/campaign-transition.ts";
import { evaluateHalt, type HaltVerdict } from "../core/campaign/halt-rule.ts";
import { isWindowOpen } from "../core/campaign/maintenance-window.ts";
import { planStages, type StagePlan } from "../core/campaign/stage-plan.ts";
import type { CampaignHalt, CampaignRecord, CampaignStageState } from "../core/model/campaign.ts";
import type { CampaignDeps } from "./campaign-deps.ts";
import { queueStagePage, stageRoom } from "./queue-stage-page.ts";
import { takeHeldTasks } from "./take-held-tasks.ts";
import { wakeStageDevices } from "./wake-stage-devices.ts";

/** What one step decided: the record to save, and what to announce once it is saved. */
export interface StepResult {
  readonly campaign: CampaignRecord;
  readonly halted?: CampaignHalt;
  readonly completed?: CampaignProgress;
}

/** Halt reasons keep at most this many failed devices (the item stays far below 400 KB). */
const maxHaltDevices = 100;

/**
 * One step of a counted campaign: halt if a rule trips; else end the stage once all its tasks
 * finished (or it timed out), start the next after the soak time inside the maintenance window,
 * complete after the last; and within an open stage, queue a page and wake at the rate.
 * Progress is read once (one Query); after a resume and every few seconds, the tasks to wake again
 * (take-held-tasks.ts).
 */
export async function rollOutStep(deps: CampaignDeps, leased: CampaignRecord): Promise<StepResult> {
  const now = deps.clock.now();
  const read = await takeHeldTasks(deps, leased, now);
  const outcomes = await deps.progress.readProgress(read.id);
  const plan = planStages(read.matched ?? 0, read.stages);
  const stage = read.stage;
  if (stage) {
    const verdict = evaluateHalt(
      read.haltWhen,
      { index: stage.index, ...stageOutcomes(outcomes, stage.index) },
      totalOutcomes(outcomes),
    );
    if (verdict) return halt(read, stage, verdict, outcomes, now);
  }
  let campaign = read;
  if (stage && stage.endedAt === undefined && stageEnded(read, stage, plan, outcomes, now)) {
    // Tasks not woken stay queued: they run at the device's next Inform and still count.
    campaign = { ...read, stage: { ...stage, endedAt: now }, toWake: [] };
  }
  const current = campaign.stage;
  if (current?.endedAt !== undefined && campaign.cursor === "") {
    const completed = { ...campaign, status: transitionCampaign(campaign.status, "complete") };
    return { campaign: completed, completed: campaignProgress(completed, outcomes) };
  }
  if (!isWindowOpen(campaign.maintenanceWindow, now)) return { campaign };
  if (current === undefined || current.endedAt !== undefined) {
    // The soak time runs between stages only: the first starts at once.
    const soakedAt =
      current?.endedAt === undefined ? now : current.endedAt + campaign.stages.soakSeconds * 1000;
    if (now < soakedAt) return { campaign };
    campaign = { ...campaign, stage: newStage(current ? current.index + 1 : 0, now) };
  }
  campaign = await queueStagePage(deps, campaign, plan, now);
  return { campaign: await wakeStageDevices(deps, campaign, outcomes, now) };
}

function newStage(index: number, now: number): CampaignStageState {
  return { index, startedAt: now, assigned: 0, notApplicable: 0, woken: 0 };
}

/**
 * A stage ends once it has taken every device it may (or the listing ran out) and every one of
 * them finished; or, once it has taken them, when its timeout passed.
 */
function stageEnded(
  campaign: CampaignRecord,
  stage: CampaignStageState,
  plan: StagePlan,
  outcomes: readonly StageOutcomes[],
  now: number,
): boolean {
  if (campaign.cursor !== "" && stageRoom(plan, stage) > 0) return false;
  const counts = stageOutcomes(outcomes, stage.index);
  if (counts.succeeded + counts.failed + counts.skipped >= stage.assigned) return true;
  return now >= stage.startedAt + campaign.stages.stageTimeoutSeconds * 1000;
}

function halt(
  campaign: CampaignRecord,
  stage: CampaignStageState,
  verdict: HaltVerdict,
  outcomes: readonly StageOutcomes[],
  now: number,
): StepResult {
  const failing =
    verdict.scope === "stage" ? outcomes.filter((entry) => entry.stage === stage.index) : outcomes;
  const halted: CampaignHalt = {
    at: now,
    stage: stage.index,
    reason: verdict.reason,
    failedDevices: failing.flatMap((entry) => entry.failedDevices).slice(0, maxHaltDevices),
  };
  return {
    campaign: { ...campaign, status: transitionCampaign(campaign.status, "halt"), halt: halted },
    halted,
  };
}
