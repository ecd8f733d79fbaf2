import type { CampaignCounts, CampaignRecord, CampaignWatch } from "../core/model/campaign.ts";
import { finalTaskStatuses, type TaskRecord } from "../core/model/task.ts";
import { CampaignConflictError } from "../port-errors.ts";
import { queueTask } from "../tasks/queue-task.ts";
import type { CampaignDeps } from "./campaign-deps.ts";

/**
 * One step of a campaign: watch the woken tasks, queue the task
 * for the next page of matching devices, and wake devices no faster than
 * `connectionRequestsPerSecond` while fewer than `maxInSession` are open.
 * A lease on the campaign item keeps two sender instances from running the
 * same campaign; every save is conditional on the version read.
 */
export async function stepCampaign(
  deps: CampaignDeps,
  read: CampaignRecord,
): Promise<CampaignRecord | undefined> {
  const leased = await takeLease(deps, read);
  if (!leased) return undefined;
  let campaign = await watch(deps, leased);
  campaign = await queueNextPage(deps, campaign);
  campaign = await wake(deps, campaign);
  const finished =
    campaign.cursor === "" && campaign.toWake.length === 0 && campaign.watching.length === 0;
  const { runner: _runner, ...rest } = campaign;
  const next: CampaignRecord = {
    ...(finished ? rest : campaign),
    status: finished ? "completed" : "running",
    updatedAt: deps.clock.now(),
    version: campaign.version + 1,
  };
  await deps.campaigns.saveCampaign(next);
  if (finished)
    deps.logger.info("campaign completed", { campaignId: next.id, counts: next.counts });
  return next;
}

async function takeLease(
  deps: CampaignDeps,
  campaign: CampaignRecord,
): Promise<CampaignRecord | undefined> {
  const now = deps.clock.now();
  if (campaign.status !== "running") return undefined;
  if (campaign.runner && campaign.runner.id !== deps.runnerId && campaign.runner.until > now)
    return undefined;
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

/** Counts woken tasks that ended, and devices the sender could not reach. */
async function watch(deps: CampaignDeps, campaign: CampaignRecord): Promise<CampaignRecord> {
  const now = deps.clock.now();
  const counts = { ...campaign.counts };
  const still: CampaignWatch[] = [];
  for (const watched of campaign.watching) {
    const task = await deps.tasks.getTask(watched.taskId);
    if (!task || finalTaskStatuses.has(task.status)) {
      count(counts, task);
      continue;
    }
    const attempt = (await deps.devices.getDevice(watched.deviceId))?.lastConnectionRequest;
    if (
      attempt &&
      attempt.at >= watched.wokenAt &&
      (attempt.outcome === "failed" || attempt.outcome === "expired")
    ) {
      counts.unreachable += 1;
      continue;
    }
    if (now - watched.wokenAt < deps.settings.watchTimeoutMs) still.push(watched);
  }
  return { ...campaign, counts, watching: still };
}

function count(
  counts: { -readonly [K in keyof CampaignCounts]: number },
  task: TaskRecord | undefined,
): void {
  if (task?.status === "done") counts.done += 1;
  else if (task?.status === "faulted") counts.faulted += 1;
  else counts.other += 1;
}

/** Queues the campaign's task for the next page of matching devices. */
async function queueNextPage(
  deps: CampaignDeps,
  campaign: CampaignRecord,
): Promise<CampaignRecord> {
  if (campaign.cursor === "" || campaign.toWake.length > 0) return campaign;
  const page = await deps.devices.listDevices({
    ...campaign.filter,
    limit: deps.settings.pageSize,
    ...(campaign.cursor !== undefined && { cursor: campaign.cursor }),
  });
  const now = deps.clock.now();
  const queued: { taskId: string; deviceId: string }[] = [];
  for (const device of page.devices) {
    const outcome = await queueTask(deps, {
      deviceId: device.id,
      spec: campaign.task,
      now,
      origin: { campaignId: campaign.id },
    });
    // unknown-device: deleted since it was listed.
    if (outcome.kind === "created") queued.push({ taskId: outcome.task.id, deviceId: device.id });
  }
  return {
    ...campaign,
    cursor: page.cursor ?? "",
    toWake: [...campaign.toWake, ...queued],
    counts: { ...campaign.counts, queued: campaign.counts.queued + queued.length },
  };
}

/** Sends connection requests at the campaign's rate, within its in-session bound. */
async function wake(deps: CampaignDeps, campaign: CampaignRecord): Promise<CampaignRecord> {
  const interval = 1000 / campaign.rate.connectionRequestsPerSecond;
  const now = deps.clock.now();
  // After an idle spell, do not burst to catch up: the rate holds over any window.
  let nextWakeAt = Math.max(campaign.nextWakeAt, now - interval);
  const toWake = [...campaign.toWake];
  const watching = [...campaign.watching];
  let woken = 0;
  while (toWake.length > 0 && watching.length < campaign.rate.maxInSession && nextWakeAt <= now) {
    const next = toWake.shift();
    if (!next) break;
    await deps.connectionRequests.send({
      deviceId: next.deviceId,
      reason: `campaign ${campaign.id}`,
      requestedAt: new Date(now).toISOString(),
      notAfter: new Date(now + deps.settings.watchTimeoutMs).toISOString(),
    });
    watching.push({ ...next, wokenAt: now });
    woken += 1;
    nextWakeAt += interval;
  }
  return {
    ...campaign,
    toWake,
    watching,
    nextWakeAt,
    counts: { ...campaign.counts, woken: campaign.counts.woken + woken },
  };
}
