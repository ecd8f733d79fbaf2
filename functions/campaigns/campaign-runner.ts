import type { CampaignDeps } from "./campaign-deps.ts";
import { stepCampaign } from "./step-campaign.ts";

export interface CampaignRunner {
  stop(): Promise<void>;
}

/**
 * Steps every running campaign every `intervalMs` (a few hundred ms keeps
 * the CR rate smooth). Runs inside the long-lived sender (Fargate) and the
 * local ACS; any number of instances may run it (the campaign lease decides).
 */
export function startCampaignRunner(deps: CampaignDeps, intervalMs = 250): CampaignRunner {
  let stopped = false;
  let wakeUp: (() => void) | undefined;
  const loop = (async () => {
    while (!stopped) {
      try {
        for (const campaign of await deps.campaigns.listRunning()) {
          if (stopped) break;
          await stepCampaign(deps, campaign);
        }
      } catch (error) {
        deps.logger.warn("campaign step failed", { error: String(error) });
      }
      await new Promise<void>((resolve) => {
        wakeUp = resolve;
        setTimeout(resolve, intervalMs);
      });
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      wakeUp?.();
      await loop;
    },
  };
}
