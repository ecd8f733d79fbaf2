import { fileApplicability } from "../core/campaign/file-applicability.ts";
import type { StagePlan } from "../core/campaign/stage-plan.ts";
import { taskFileId } from "../core/campaign/task-file-id.ts";
import type { CampaignRecord, CampaignStageState } from "../core/model/campaign.ts";
import type { FileRecord } from "../core/model/file-record.ts";
import type { TaskSpec } from "../core/model/task.ts";
import { queueTask } from "../tasks/queue-task.ts";
import type { CampaignDeps } from "./campaign-deps.ts";

/** Devices the current stage may still take: its planned size less those taken; the last takes all. */
export function stageRoom(plan: StagePlan, stage: CampaignStageState): number {
  if (stage.index >= plan.count - 1) return Number.POSITIVE_INFINITY;
  return Math.max(0, plan.size(stage.index) - stage.assigned);
}

/**
 * Queues the campaign's task for the next page of the stage's devices, once the previous page is
 * woken (so at most one page waits ahead of the connection requests). A download by fileId is not
 * given to devices outside the file's OUIs/product classes or already reporting its version: they
 * count `skipped` at once.
 */
export async function queueStagePage(
  deps: CampaignDeps,
  campaign: CampaignRecord,
  plan: StagePlan,
  now: number,
): Promise<CampaignRecord> {
  const stage = campaign.stage;
  if (!stage || campaign.toWake.length > 0 || campaign.cursor === "") return campaign;
  const room = stageRoom(plan, stage);
  if (room <= 0) return campaign;
  const page = await deps.devices.listDevices({
    ...campaign.filter,
    limit: Math.min(deps.settings.pageSize, room),
    ...(campaign.cursor !== undefined && { cursor: campaign.cursor }),
  });
  const file = await fileOf(deps, campaign.task);
  const toWake = [...campaign.toWake];
  let assigned = 0;
  let notApplicable = 0;
  for (const device of page.devices) {
    if (file && fileApplicability(file, device) !== "applies") {
      await deps.progress.recordOutcome({
        campaignId: campaign.id,
        stage: stage.index,
        outcome: "skipped",
        deviceId: device.id,
      });
      assigned += 1;
      notApplicable += 1;
      continue;
    }
    const outcome = await queueTask(deps, {
      deviceId: device.id,
      spec: campaign.task,
      now,
      origin: { campaignId: campaign.id, campaignStage: stage.index },
    });
    // unknown-device: deleted since it was listed; it is no longer part of the campaign.
    if (outcome.kind !== "created") continue;
    toWake.push({ taskId: outcome.task.id, deviceId: device.id });
    assigned += 1;
  }
  return {
    ...campaign,
    cursor: page.cursor ?? "",
    toWake,
    assigned: campaign.assigned + assigned,
    stage: {
      ...stage,
      assigned: stage.assigned + assigned,
      notApplicable: stage.notApplicable + notApplicable,
    },
  };
}

/** The file a download names by id, read once per step; undefined for any other task. */
async function fileOf(
  deps: Pick<CampaignDeps, "files">,
  task: TaskSpec,
): Promise<FileRecord | undefined> {
  const fileId = taskFileId(task);
  return fileId === undefined ? undefined : deps.files.getFile(fileId);
}
