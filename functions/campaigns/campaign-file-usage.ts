import { taskFileId } from "../core/campaign/task-file-id.ts";
import type { CampaignStatus } from "../core/model/campaign.ts";
import type { CampaignStore, FileUsage } from "../ports.ts";

/** Campaigns that may still send their task: a file they name must not be deleted. */
const usingStatuses: readonly CampaignStatus[] = ["running", "paused"];

/**
 * A file is in use while a running or paused campaign's task downloads it by id. Reads the
 * `running` and `paused` listings (Queries of their index partitions), a page at a time.
 */
export function createCampaignFileUsage(deps: {
  readonly campaigns: Pick<CampaignStore, "listCampaigns">;
}): FileUsage {
  return {
    isFileInUse: async (id) => {
      for (const status of usingStatuses) {
        let cursor: string | undefined;
        do {
          const page = await deps.campaigns.listCampaigns({
            status,
            limit: 100,
            ...(cursor !== undefined && { cursor }),
          });
          if (page.campaigns.some((campaign) => taskFileId(campaign.task) === id)) return true;
          cursor = page.cursor;
        } while (cursor !== undefined);
      }
      return false;
    },
  };
}
