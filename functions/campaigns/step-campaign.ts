import type { CampaignRecord, CampaignStatus } from "../core/model/campaign.ts";
import { CampaignConflictError } from "../port-errors.ts";
import type { CampaignDeps } from "./campaign-deps.ts";
import { cancelUnwokenTasks } from "./cancel-unwoken-tasks.ts";
import { countMatches } from "./count-matches.ts";
import { rollOutStep, type StepResult } from "./roll-out-step.ts";

/**
 * One step of a running campaign: count the matching devices first, then roll the stages out
 * (roll-out-step.ts). A lease on the campaign item keeps two sender instances from running the
 * same campaign; every save is conditional on the version read. A step that changed nothing
 * writes nothing (the lease is renewed once half of it is spent).
 */
export async function stepCampaign(
  deps: CampaignDeps,
  read: CampaignRecord,
): Promise<CampaignRecord | undefined> {
  const leased = await takeLease(deps, read);
  if (!leased) return undefined;
  const result: StepResult =
    leased.matched === undefined
      ? { campaign: await countMatches(deps, leased) }
      : await rollOutStep(deps, leased);
  if (JSON.stringify(result.campaign) === JSON.stringify(leased)) return leased;
  const saved = await save(deps, leased, result.campaign);
  if (saved) await announce(deps, saved, result);
  return saved;
}

async function takeLease(
  deps: CampaignDeps,
  campaign: CampaignRecord,
): Promise<CampaignRecord | undefined> {
  const now = deps.clock.now();
  if (campaign.status !== "running") return undefined;
  const runner = campaign.runner;
  if (runner && runner.id !== deps.runnerId && runner.until > now) return undefined;
  if (runner?.id === deps.runnerId && runner.until - now > deps.settings.leaseMs / 2)
    return campaign;
  const leased: CampaignRecord = {
    ...campaign,
    runner: { id: deps.runnerId, until: now + deps.settings.leaseMs },
    version: campaign.version + 1,
  };
  try {
    await deps.campaigns.saveCampaign(leased);
    return leased;
  } catch (error) {
    if (error instanceof CampaignConflictError) return undefined;
    throw error;
  }
}

const finalStatuses: ReadonlySet<CampaignStatus> = new Set(["halted", "cancelled", "completed"]);

/** The record as saved: the lease kept while running; a final campaign wakes nothing more. */
function settled(
  deps: CampaignDeps,
  campaign: CampaignRecord,
  status: CampaignStatus,
  version: number,
): CampaignRecord {
  const { runner: _runner, halt, ...rest } = campaign;
  const now = deps.clock.now();
  return {
    ...rest,
    status,
    updatedAt: now,
    version,
    ...(status === "halted" && halt && { halt }),
    ...(finalStatuses.has(status) && { toWake: [] }),
    ...(status === "running" && {
      runner: { id: deps.runnerId, until: now + deps.settings.leaseMs },
    }),
  };
}

/**
 * Saves the step. The operator may have paused or cancelled the campaign since it was read: then
 * the operator's status wins and this step's counters and cursor are kept with it (the tasks it
 * queued exist; dropping the record of them would queue them twice).
 */
async function save(
  deps: CampaignDeps,
  leased: CampaignRecord,
  decided: CampaignRecord,
): Promise<CampaignRecord | undefined> {
  const next = settled(deps, decided, decided.status, leased.version + 1);
  try {
    await deps.campaigns.saveCampaign(next);
    return next;
  } catch (error) {
    if (!(error instanceof CampaignConflictError)) throw error;
  }
  const current = await deps.campaigns.getCampaign(leased.id);
  const other = current?.runner;
  if (!current || (other && other.id !== deps.runnerId && other.until > deps.clock.now()))
    return undefined;
  const status = current.status === leased.status ? decided.status : current.status;
  const merged = settled(deps, withOperatorClock(decided, current), status, current.version + 1);
  await deps.campaigns.saveCampaign(merged);
  return merged;
}

/**
 * The operator's pause time, a resumed stage's moved start and a resume's `rewakeHeld`, kept
 * over this step's record.
 */
function withOperatorClock(decided: CampaignRecord, current: CampaignRecord): CampaignRecord {
  const { pausedAt: _pausedAt, ...rest } = decided;
  const stage =
    decided.stage && current.stage?.index === decided.stage.index
      ? { ...decided.stage, startedAt: current.stage.startedAt }
      : decided.stage;
  return {
    ...rest,
    ...(stage && { stage }),
    ...(current.pausedAt !== undefined && { pausedAt: current.pausedAt }),
    ...(current.rewakeHeld && { rewakeHeld: current.rewakeHeld }),
  };
}

/** After the save: a halted or cancelled campaign's unwoken tasks are cancelled; events published. */
async function announce(
  deps: CampaignDeps,
  saved: CampaignRecord,
  result: StepResult,
): Promise<void> {
  if (saved.status === "halted" || saved.status === "cancelled") {
    await cancelUnwokenTasks(deps, result.campaign, `campaign ${saved.status}`);
  }
  const at = saved.updatedAt;
  if (saved.status === "halted" && result.halted) {
    deps.logger.warn("campaign halted", { campaignId: saved.id, reason: result.halted.reason });
    await deps.events.publish([
      {
        type: "CampaignHalted",
        campaignId: saved.id,
        at,
        stage: result.halted.stage,
        reason: result.halted.reason,
        failedDevices: result.halted.failedDevices,
      },
    ]);
  }
  if (saved.status === "completed" && result.completed) {
    deps.logger.info("campaign completed", { campaignId: saved.id, progress: result.completed });
    await deps.events.publish([
      { type: "CampaignCompleted", campaignId: saved.id, at, progress: result.completed },
    ]);
  }
}
