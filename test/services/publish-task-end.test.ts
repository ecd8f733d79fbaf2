import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createMemoryCampaignProgressStore } from "../../functions/adapters/memory/memory-campaign-progress-store.ts";
import { newTask } from "../../functions/core/model/new-task.ts";
import type { TaskRecord } from "../../functions/core/model/task.ts";
import { publishTaskEnd } from "../../functions/services/publish-task-end.ts";

const t0 = 1_800_000_000_000;
const queued = newTask({
  id: "T1",
  deviceId: "00D09E-HGW-S1",
  spec: { name: "reboot" },
  now: t0,
  defaults: { lifetimeMs: 60_000, maxAttempts: 3 },
  origin: { campaignId: "C1", campaignStage: 1 },
});

function deps() {
  const campaignProgress = createMemoryCampaignProgressStore();
  return {
    campaignProgress,
    events: { publish: async () => undefined },
    logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
  };
}

describe("publishTaskEnd for a campaign task waiting for a retry", () => {
  it("notes a task a retryable fault put back in the queue, for its campaign to wake again", async () => {
    // Prepare
    const d = deps();
    const retry: TaskRecord = {
      ...queued,
      attempts: 1,
      history: [{ at: t0 + 1, outcome: "transfer-fault", fault: { code: 9010, string: "x" } }],
    };

    // Act
    await publishTaskEnd(d, retry);

    // Assess
    assert.deepEqual(await d.campaignProgress.takeHeld("C1"), [
      { taskId: "T1", deviceId: "00D09E-HGW-S1" },
    ]);
  });

  it("notes nothing for a pending task without a failed attempt, another task, or a final one", async () => {
    // Prepare
    const d = deps();
    const { campaignId: _c, campaignStage: _s, ...plain } = queued;
    const failed = { at: t0 + 1, outcome: "fault" as const, fault: { code: 9002, string: "x" } };

    // Act
    await publishTaskEnd(d, queued);
    await publishTaskEnd(d, { ...plain, history: [failed] });
    await publishTaskEnd(d, { ...queued, status: "faulted", history: [failed] });

    // Assess
    assert.deepEqual(await d.campaignProgress.takeHeld("C1"), []);
  });
});
