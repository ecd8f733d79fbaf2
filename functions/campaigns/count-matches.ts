import type { CampaignRecord } from "../core/model/campaign.ts";
import type { CampaignDeps } from "./campaign-deps.ts";

/**
 * Pages counted per step: enough to count a large fleet in minutes, few enough that a step stays
 * short (each page is one listing: a Query per shard and a BatchGet).
 */
const pagesPerStep = 10;

/**
 * The counting phase: pages through the filter's devices counting them; once the listing ends,
 * `matched` is set and the stages are planned from it. Nothing is queued while counting.
 */
export async function countMatches(
  deps: Pick<CampaignDeps, "devices" | "settings">,
  campaign: CampaignRecord,
): Promise<CampaignRecord> {
  let counted = campaign.counting?.counted ?? 0;
  let cursor = campaign.counting?.cursor;
  for (let page = 0; page < pagesPerStep; page++) {
    const listed = await deps.devices.listDevices({
      ...campaign.filter,
      limit: deps.settings.pageSize,
      ...(cursor !== undefined && { cursor }),
    });
    counted += listed.devices.length;
    cursor = listed.cursor;
    if (cursor === undefined) {
      const { counting: _done, ...rest } = campaign;
      return { ...rest, matched: counted };
    }
  }
  return { ...campaign, counting: { counted, cursor } };
}
