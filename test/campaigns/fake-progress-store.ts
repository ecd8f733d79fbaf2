import type { HeldTask } from "../../functions/campaign-ports.ts";
import type { CampaignStatus } from "../../functions/core/model/campaign.ts";
import type {
  CampaignOutcome,
  CampaignProgressStore,
  CampaignStageProgress,
} from "../../functions/ports.ts";

/**
 * A CampaignProgressStore on a Map for tests of its users (the adapters have their own contract
 * test): counters per campaign and stage, the first 50 failed devices kept, reads counted;
 * held tasks noted per campaign (every note kept, for tests to see), taken once each by taskId.
 */
export function fakeProgressStore(
  statusOf: (campaignId: string) => CampaignStatus | undefined = () => undefined,
) {
  const stages = new Map<string, Map<number, CampaignStageProgress>>();
  let reads = 0;
  const held = new Map<string, HeldTask[]>();
  let takes = 0;
  const store: CampaignProgressStore = {
    recordOutcome: async ({ campaignId, stage, outcome, deviceId }) => {
      const byStage = stages.get(campaignId) ?? new Map<number, CampaignStageProgress>();
      stages.set(campaignId, byStage);
      const now = byStage.get(stage) ?? {
        stage,
        succeeded: 0,
        failed: 0,
        skipped: 0,
        failedDevices: [],
      };
      byStage.set(stage, {
        ...now,
        [outcome]: now[outcome] + 1,
        failedDevices:
          outcome === "failed" && now.failedDevices.length < 50
            ? [...now.failedDevices, deviceId]
            : now.failedDevices,
      });
    },
    readProgress: async (campaignId) => {
      reads += 1;
      return [...(stages.get(campaignId)?.values() ?? [])].sort((a, b) => a.stage - b.stage);
    },
    getCampaignStatus: async (campaignId) => statusOf(campaignId),
    recordHeld: async ({ campaignId, taskId, deviceId }) => {
      held.set(campaignId, [...(held.get(campaignId) ?? []), { taskId, deviceId }]);
      return true;
    },
    takeHeld: async (campaignId) => {
      takes += 1;
      const noted = held.get(campaignId) ?? [];
      held.delete(campaignId);
      const seen = new Set<string>();
      return noted.filter((entry) => !seen.has(entry.taskId) && seen.add(entry.taskId));
    },
  };
  const record = (campaignId: string, stage: number, outcome: CampaignOutcome, deviceId: string) =>
    store.recordOutcome({ campaignId, stage, outcome, deviceId });
  return {
    store,
    record,
    reads: () => reads,
    /** Held tasks noted and not taken yet, every note (duplicates included). */
    held: (campaignId: string) => held.get(campaignId) ?? [],
    takes: () => takes,
  };
}
