import type { CampaignStatus } from "../core/model/campaign.ts";
import type { CampaignProgressStore } from "../ports.ts";

/** A campaign's status as the current exchange saw it (undefined: the campaign is gone). */
export type CampaignStatusOf = (campaignId: string) => Promise<CampaignStatus | undefined>;

/**
 * Reads each campaign's status at most once: make one per exchange, so a queue holding several
 * tasks of one campaign costs one read, and a queue without campaign tasks none.
 */
export function campaignStatusOnce(progress: CampaignProgressStore): CampaignStatusOf {
  const read = new Map<string, Promise<CampaignStatus | undefined>>();
  return (campaignId) => {
    const known = read.get(campaignId);
    if (known) return known;
    const status = progress.getCampaignStatus(campaignId);
    read.set(campaignId, status);
    return status;
  };
}

/**
 * The store with each campaign's status read at most once: for an exchange that may look at its
 * queue twice (a hinted send refused at the campaign's gate, then the usual path: hinted-send.ts).
 */
export function campaignStatusReadOnce(progress: CampaignProgressStore): CampaignProgressStore {
  return { ...progress, getCampaignStatus: campaignStatusOnce(progress) };
}
