import type { CampaignDeps } from "./campaign-deps.ts";
import { stepCampaign } from "./step-campaign.ts";

export interface CampaignRunner {
  stop(): Promise<void>;
}

/**
 * Steps every running campaign every `intervalMs` (a few hundred ms keeps
 * the CR rate smooth); with none running it looks again every `idleMs`
 * (one Query, so an idle ACS costs ~0.2 reads/s rather than 4). Runs inside
 * the long-lived sender (Fargate) and the local ACS; any number of instances
 * may run it (the campaign lease decides).
 */
export function startCampaignRunner(
  deps: CampaignDeps,
  intervalMs = 250,
  idleMs = 5_000,
): CampaignRunner {
  let stopped = false;
  let wakeUp: (() => void) | undefined;
  const loop = (async () => {
    while (!stopped) {
      let running = 0;
      try {
        const campaigns = await deps.campaigns.listRunning();
        running = campaigns.length;
        for (const campaign of campaigns) {
          if (stopped) break;
          await stepCampaign(deps, campaign);
        }
      } catch (error) {
        deps.logger.warn("campaign step failed", { error: String(error) });
      }
      await new Promise<void>((resolve) => {
        wakeUp = resolve;
        setTimeout(resolve, running > 0 ? intervalMs : idleMs);
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
