import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  type CampaignProgressStore,
  maxFailedDevicesPerStage,
  maxHeldTasks,
} from "../../../functions/campaign-ports.ts";
import {
  type CampaignRecord,
  type CampaignStatus,
  defaultStageTimeoutSeconds,
} from "../../../functions/core/model/campaign.ts";
import type { CampaignStore } from "../../../functions/ports.ts";

const t0 = 1_800_000_000_000;

/** A campaign as the campaign store keeps it; only its status matters to the progress store. */
export function campaignWithStatus(id: string, status: CampaignStatus): CampaignRecord {
  return {
    id,
    filter: { oui: "00D09E" },
    task: { name: "reboot" },
    rate: { connectionRequestsPerSecond: 5, maxInSession: 20 },
    status,
    createdAt: t0,
    updatedAt: t0,
    version: 1,
    stages: { soakSeconds: 0, stageTimeoutSeconds: defaultStageTimeoutSeconds },
    counting: { counted: 0 },
    assigned: 0,
    toWake: [],
    nextWakeAt: t0,
  };
}

/** The progress store and the campaign store it reads statuses from, over the same storage. */
export interface ProgressStores {
  readonly progress: CampaignProgressStore;
  readonly campaigns: CampaignStore;
}

/** What every CampaignProgressStore must do (memory and DynamoDB run the same cases). */
export function campaignProgressContract(fresh: () => Promise<ProgressStores>): void {
  describe("CampaignProgressStore contract", () => {
    it("counts each outcome per stage, in stage order, and nothing for another campaign", async () => {
      // Prepare
      const { progress } = await fresh();
      const record = (stage: number, outcome: "succeeded" | "failed" | "skipped", n: number) =>
        progress.recordOutcome({ campaignId: "C1", stage, outcome, deviceId: `D${n}` });

      // Act
      await record(10, "succeeded", 1);
      await record(2, "succeeded", 2);
      await record(2, "succeeded", 3);
      await record(2, "failed", 4);
      await record(2, "skipped", 5);
      await record(0, "skipped", 6);
      await progress.recordOutcome({
        campaignId: "C10",
        stage: 0,
        outcome: "failed",
        deviceId: "D7",
      });

      // Assess: numeric stage order (2 before 10), and C1 does not see C10.
      assert.deepEqual(await progress.readProgress("C1"), [
        { stage: 0, succeeded: 0, failed: 0, skipped: 1, failedDevices: [] },
        { stage: 2, succeeded: 2, failed: 1, skipped: 1, failedDevices: ["D4"] },
        { stage: 10, succeeded: 1, failed: 0, skipped: 0, failedDevices: [] },
      ]);
      assert.deepEqual(await progress.readProgress("C10"), [
        { stage: 0, succeeded: 0, failed: 1, skipped: 0, failedDevices: ["D7"] },
      ]);
      assert.deepEqual(await progress.readProgress("C2"), []);
    });

    it("counts every failure but keeps only the first failed devices of a stage", async () => {
      // Prepare
      const { progress } = await fresh();
      const failures = maxFailedDevicesPerStage + 3;

      // Act
      for (let n = 0; n < failures; n++) {
        await progress.recordOutcome({
          campaignId: "C1",
          stage: 1,
          outcome: "failed",
          deviceId: `D${n}`,
        });
      }
      await progress.recordOutcome({
        campaignId: "C1",
        stage: 1,
        outcome: "succeeded",
        deviceId: "D-ok",
      });

      // Assess
      const [stage] = await progress.readProgress("C1");
      assert.equal(stage?.failed, failures);
      assert.equal(stage?.succeeded, 1);
      assert.deepEqual(
        stage?.failedDevices,
        Array.from({ length: maxFailedDevicesPerStage }, (_, n) => `D${n}`),
      );
    });

    it("reads the campaign's status as the campaign store saved it, undefined when absent", async () => {
      // Prepare
      const { progress, campaigns } = await fresh();
      const running = campaignWithStatus("C1", "running");
      await campaigns.createCampaign(running);
      await progress.recordOutcome({
        campaignId: "C1",
        stage: 0,
        outcome: "succeeded",
        deviceId: "D1",
      });
      const before = await progress.getCampaignStatus("C1");

      // Act
      await campaigns.saveCampaign({ ...running, status: "paused", version: 2 });

      // Assess: the counters live beside the campaign, which reads and saves as before.
      assert.equal(before, "running");
      assert.equal(await progress.getCampaignStatus("C1"), "paused");
      assert.equal(await progress.getCampaignStatus("C2"), undefined);
      assert.equal((await campaigns.getCampaign("C1"))?.status, "paused");
    });

    it("gives the held tasks back once, each task once in the order first noted, per campaign", async () => {
      // Prepare: T1 held in two exchanges, and a task of another campaign
      const { progress } = await fresh();
      const hold = (campaignId: string, n: number) =>
        progress.recordHeld({ campaignId, taskId: `T${n}`, deviceId: `D${n}` });
      const kept = [await hold("C1", 1), await hold("C1", 2), await hold("C1", 1)];
      await hold("C10", 3);

      // Act
      const taken = await progress.takeHeld("C1");
      const again = await progress.takeHeld("C1");
      await hold("C1", 4);
      const later = await progress.takeHeld("C1");

      // Assess
      assert.deepEqual(kept, [true, true, true]);
      assert.deepEqual(taken, [
        { taskId: "T1", deviceId: "D1" },
        { taskId: "T2", deviceId: "D2" },
      ]);
      assert.deepEqual(again, [], "taken means gone");
      assert.deepEqual(later, [{ taskId: "T4", deviceId: "D4" }]);
      assert.deepEqual(await progress.takeHeld("C10"), [{ taskId: "T3", deviceId: "D3" }]);
      assert.deepEqual(await progress.takeHeld("C2"), []);
    });

    it("keeps the first held tasks only, and room again once they are taken", async () => {
      // Prepare
      const { progress } = await fresh();
      const hold = (n: number) =>
        progress.recordHeld({ campaignId: "C1", taskId: `T${n}`, deviceId: `D${n}` });
      for (let n = 0; n < maxHeldTasks; n++) assert.equal(await hold(n), true);

      // Act
      const past = await hold(maxHeldTasks);
      const taken = await progress.takeHeld("C1");
      const afterTake = await hold(maxHeldTasks + 1);

      // Assess
      assert.equal(past, false, "the list is full");
      assert.equal(taken.length, maxHeldTasks);
      assert.deepEqual(taken.at(-1), {
        taskId: `T${maxHeldTasks - 1}`,
        deviceId: `D${maxHeldTasks - 1}`,
      });
      assert.equal(afterTake, true);
    });
  });
}
