import {
  type CampaignOutcome,
  type CampaignProgressStore,
  type CampaignStageProgress,
  type HeldTask,
  maxFailedDevicesPerStage,
  maxHeldTasks,
} from "../../campaign-ports.ts";
import type { CampaignStore } from "../../ports.ts";
import { cloneData } from "./clone-data.ts";
import { createMemoryCampaignStore } from "./memory-campaign-store.ts";

type Counters = { -readonly [K in CampaignOutcome]: number };

/**
 * CampaignProgressStore on a Map, as the DynamoDB adapter behaves: counters per campaign and
 * stage, the first 50 failed devices kept, up to 1000 held tasks noted per campaign. Statuses are read from `campaigns` (share the
 * memory campaign store the runner or the API writes); without one, every campaign is gone.
 */
export function createMemoryCampaignProgressStore(
  options: { readonly campaigns?: CampaignStore } = {},
): CampaignProgressStore {
  const campaigns = options.campaigns ?? createMemoryCampaignStore();
  const progress = new Map<string, Map<number, Counters & { failedDevices: string[] }>>();
  const held = new Map<string, HeldTask[]>();

  function stageOf(campaignId: string, stage: number) {
    const stages = progress.get(campaignId) ?? new Map();
    progress.set(campaignId, stages);
    const found = stages.get(stage) ?? { succeeded: 0, failed: 0, skipped: 0, failedDevices: [] };
    stages.set(stage, found);
    return found;
  }

  return {
    recordOutcome: async ({ campaignId, stage, outcome, deviceId }) => {
      const counters = stageOf(campaignId, stage);
      counters[outcome] += 1;
      if (outcome === "failed" && counters.failedDevices.length < maxFailedDevicesPerStage)
        counters.failedDevices.push(deviceId);
    },
    readProgress: async (campaignId) =>
      [...(progress.get(campaignId) ?? new Map()).entries()]
        .sort(([a], [b]) => a - b)
        .map(([stage, counters]): CampaignStageProgress => cloneData({ stage, ...counters })),
    getCampaignStatus: async (campaignId) => (await campaigns.getCampaign(campaignId))?.status,
    recordHeld: async ({ campaignId, taskId, deviceId }) => {
      const noted = held.get(campaignId) ?? [];
      if (noted.length >= maxHeldTasks) return false;
      held.set(campaignId, [...noted, { taskId, deviceId }]);
      return true;
    },
    takeHeld: async (campaignId) => {
      const noted = held.get(campaignId) ?? [];
      held.delete(campaignId);
      const seen = new Set<string>();
      return noted.filter((entry) => !seen.has(entry.taskId) && seen.add(entry.taskId));
    },
  };
}
