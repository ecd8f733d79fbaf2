import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createMemoryCampaignProgressStore } from "../../functions/adapters/memory/memory-campaign-progress-store.ts";
import { newTask } from "../../functions/core/model/new-task.ts";
import type { TaskStatus } from "../../functions/core/model/task.ts";
import {
  campaignOutcomeOf,
  recordCampaignOutcome,
} from "../../functions/tasks/record-campaign-outcome.ts";

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };
const task = (status: TaskStatus, origin?: { campaignId: string; campaignStage?: number }) => ({
  ...newTask({
    id: "T1",
    deviceId: "00D09E-HGW-S1",
    spec: { name: "reboot" },
    now: 0,
    defaults: { lifetimeMs: 1, maxAttempts: 1 },
    ...(origin && { origin }),
  }),
  status,
});

describe("campaignOutcomeOf", () => {
  it("maps final statuses to succeeded, failed and skipped, open ones to nothing", () => {
    const expected: Record<TaskStatus, string | undefined> = {
      pending: undefined,
      running: undefined,
      "awaiting-transfer": undefined,
      verifying: undefined,
      done: "succeeded",
      verified: "succeeded",
      faulted: "failed",
      expired: "failed",
      cancelled: "skipped",
    };
    for (const [status, outcome] of Object.entries(expected))
      assert.equal(campaignOutcomeOf(status as TaskStatus), outcome, status);
  });
});

describe("recordCampaignOutcome", () => {
  it("counts a campaign task's end in its stage (stage 0 when none), and nothing else", async () => {
    // Prepare
    const campaignProgress = createMemoryCampaignProgressStore();
    const deps = { campaignProgress, logger: silent };

    // Act
    await recordCampaignOutcome(deps, task("verified", { campaignId: "C1" }));
    await recordCampaignOutcome(deps, task("running", { campaignId: "C1" }));
    await recordCampaignOutcome(deps, task("done"));

    // Assess
    assert.deepEqual(await campaignProgress.readProgress("C1"), [
      { stage: 0, succeeded: 1, failed: 0, skipped: 0, failedDevices: [] },
    ]);
  });
});
