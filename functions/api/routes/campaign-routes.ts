import type { CampaignRecord } from "../../core/model/campaign.ts";
import { emptyCampaignCounts } from "../../core/model/campaign.ts";
import type { TaskSpec } from "../../core/model/task.ts";
import { sealTaskSecrets } from "../../tasks/task-secrets.ts";
import type { ApiDeps } from "../api-deps.ts";
import { NotFoundError } from "../api-errors.ts";
import { json } from "../api-http.ts";
import { campaignSchema } from "../campaign-schema.ts";
import { parseBody } from "../parse-input.ts";
import type { Route } from "../router.ts";
import { campaignView } from "../views.ts";

const campaignIdPattern = /^[0-9A-Z]{26}$/;

/** POST /campaigns, GET /campaigns/{campaignId}. The sender's campaign runner does the work. */
export function campaignRoutes(deps: ApiDeps): Route[] {
  return [
    {
      method: "POST",
      pattern: "/campaigns",
      handle: async (request) => {
        const input = parseBody(campaignSchema, request);
        const now = deps.clock.now();
        const campaign: CampaignRecord = {
          id: deps.ids.sortableId(now),
          filter: input.filter,
          // Sealed once here; every device's task copies the sealed values (task-secrets.ts).
          task: sealTaskSecrets(deps.taskSecrets, input.task as TaskSpec),
          rate: input.rate,
          status: "running",
          createdAt: now,
          updatedAt: now,
          version: 1,
          toWake: [],
          watching: [],
          counts: emptyCampaignCounts,
          nextWakeAt: now,
        };
        await deps.campaigns.createCampaign(campaign);
        return json(201, campaignView(campaign, deps.taskSecrets.policy));
      },
    },
    {
      method: "GET",
      pattern: "/campaigns/{campaignId}",
      handle: async (_request, params) => {
        const id = params.campaignId ?? "";
        const campaign = campaignIdPattern.test(id)
          ? await deps.campaigns.getCampaign(id)
          : undefined;
        if (!campaign) throw new NotFoundError(`campaign ${id}`);
        return json(200, campaignView(campaign, deps.taskSecrets.policy));
      },
    },
  ];
}
