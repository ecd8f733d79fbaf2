import { cancelUnwokenTasks } from "../../campaigns/cancel-unwoken-tasks.ts";
import {
  applyOperatorAction,
  CampaignTransitionError,
  type OperatorAction,
} from "../../core/campaign/campaign-transition.ts";
import type { CampaignRecord } from "../../core/model/campaign.ts";
import type { TaskSpec } from "../../core/model/task.ts";
import { CampaignConflictError } from "../../port-errors.ts";
import { sealTaskSecrets } from "../../tasks/task-secrets.ts";
import type { ApiDeps } from "../api-deps.ts";
import { ConflictError, NotFoundError } from "../api-errors.ts";
import { json } from "../api-http.ts";
import { campaignListQuerySchema, campaignSchema } from "../campaign-schema.ts";
import { parseBody, parseQuery } from "../parse-input.ts";
import { prepareTaskSpec } from "../prepare-task-spec.ts";
import type { Route } from "../router.ts";
import { campaignView } from "../views.ts";

const campaignIdPattern = /^[0-9A-Z]{26}$/;

/** A status change that meets the runner's save is read and tried again this many times. */
const statusAttempts = 3;

/**
 * POST /campaigns, GET /campaigns, GET /campaigns/{id}, POST /campaigns/{id}/pause|resume|cancel.
 * The sender's campaign runner does the work; these only store the campaign and change its status.
 */
export function campaignRoutes(deps: ApiDeps): Route[] {
  const view = async (campaign: CampaignRecord) =>
    campaignView(
      campaign,
      await deps.campaignProgress.readProgress(campaign.id),
      deps.taskSecrets.policy,
    );
  const find = async (raw: string | undefined): Promise<CampaignRecord> => {
    const id = raw ?? "";
    const campaign = campaignIdPattern.test(id) ? await deps.campaigns.getCampaign(id) : undefined;
    if (!campaign) throw new NotFoundError(`campaign ${id}`);
    return campaign;
  };
  const control = (action: OperatorAction): Route => ({
    method: "POST",
    pattern: `/campaigns/{campaignId}/${action}`,
    handle: async (_request, params) =>
      json(200, await view(await changeStatus(deps, () => find(params.campaignId), action))),
  });
  return [
    {
      method: "POST",
      pattern: "/campaigns",
      handle: async (request) => {
        const input = parseBody(campaignSchema, request);
        const now = deps.clock.now();
        // A download by fileId gets its file's metadata once (an unknown or pending file: 422).
        const task = await prepareTaskSpec(deps, input.task as TaskSpec);
        const { maintenanceWindow, haltWhen } = input;
        const campaign: CampaignRecord = {
          id: deps.ids.sortableId(now),
          filter: input.filter,
          // Sealed once here; every device's task copies the sealed values (task-secrets.ts).
          task: sealTaskSecrets(deps.taskSecrets, task),
          rate: input.rate,
          stages: input.stages,
          ...(maintenanceWindow && { maintenanceWindow }),
          ...(haltWhen && { haltWhen }),
          status: "running",
          createdAt: now,
          updatedAt: now,
          version: 1,
          counting: { counted: 0 },
          assigned: 0,
          toWake: [],
          nextWakeAt: now,
        };
        await deps.campaigns.createCampaign(campaign);
        return json(201, campaignView(campaign, [], deps.taskSecrets.policy));
      },
    },
    {
      method: "GET",
      pattern: "/campaigns",
      handle: async (request) => {
        const query = parseQuery(campaignListQuerySchema, request);
        const page = await deps.campaigns.listCampaigns(query);
        return json(200, {
          campaigns: await Promise.all(page.campaigns.map(view)),
          ...(page.cursor !== undefined && { cursor: page.cursor }),
        });
      },
    },
    {
      method: "GET",
      pattern: "/campaigns/{campaignId}",
      handle: async (_request, params) => json(200, await view(await find(params.campaignId))),
    },
    control("pause"),
    control("resume"),
    control("cancel"),
  ];
}

/**
 * Pause, resume or cancel, conditional on the version read; 409 when the status does not allow
 * it (campaign-transition.ts). The runner saves the campaign every step: a save that meets one
 * reads again. A cancelled campaign's queued, unwoken tasks are cancelled (counted skipped).
 */
async function changeStatus(
  deps: ApiDeps,
  read: () => Promise<CampaignRecord>,
  action: OperatorAction,
): Promise<CampaignRecord> {
  for (let attempt = 1; ; attempt++) {
    const campaign = await read();
    const next = allowed(campaign, action, deps.clock.now());
    const status = next.status;
    try {
      await deps.campaigns.saveCampaign(next);
    } catch (error) {
      if (!(error instanceof CampaignConflictError)) throw error;
      if (attempt < statusAttempts) continue;
      throw new ConflictError("the campaign changed meanwhile; read it again and retry");
    }
    if (status === "cancelled")
      await cancelUnwokenTasks(
        { tasks: deps.tasks, progress: deps.campaignProgress, clock: deps.clock },
        campaign,
        "campaign cancelled",
      );
    return next;
  }
}

function allowed(campaign: CampaignRecord, action: OperatorAction, now: number): CampaignRecord {
  try {
    return applyOperatorAction(campaign, action, now);
  } catch (error) {
    if (error instanceof CampaignTransitionError) throw new ConflictError(error.message);
    throw error;
  }
}
