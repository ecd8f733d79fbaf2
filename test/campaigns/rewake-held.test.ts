import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { cancelUnwokenTasks } from "../../functions/campaigns/cancel-unwoken-tasks.ts";
import { applyOperatorAction } from "../../functions/core/campaign/campaign-transition.ts";
import type { CampaignRecord } from "../../functions/core/model/campaign.ts";
import { rig } from "./campaign-rig.ts";

type Rig = ReturnType<typeof rig>;

/** The operator's pause or resume, saved as the API does. */
async function operator(r: Rig, action: "pause" | "resume", change: Partial<CampaignRecord> = {}) {
  await r.deps.campaigns.saveCampaign({
    ...applyOperatorAction(r.current(), action, r.now()),
    ...change,
  });
}

/** The task the campaign gave a device. */
async function taskOf(r: Rig, deviceId: string) {
  const [task] = await r.stores.tasks.listTasks(deviceId);
  assert.ok(task, `a task for ${deviceId}`);
  return task;
}

/** What a session does when the gate holds a device's task while the campaign is paused. */
async function sessionWhilePaused(r: Rig, deviceId: string) {
  const task = await taskOf(r, deviceId);
  await r.progress.store.recordHeld({ campaignId: "C1", taskId: task.id, deviceId });
}

describe("resuming a campaign whose woken devices came in while paused", () => {
  it("wakes them again first, at the rate, without counting them woken twice or waiting for room", async () => {
    // Prepare: 3 devices, 2 in session at most; the first two are woken, then the pause.
    const r = rig(3, { rate: { connectionRequestsPerSecond: 100, maxInSession: 2 } });
    await r.step();
    await r.step();
    const [d0, d1] = r.sent.map((m) => m.deviceId) as [string, string];
    const d2 = r.matching.find((id) => id !== d0 && id !== d1) as string;
    await operator(r, "pause");
    // d0 came in while paused (its task held in two exchanges); so did d2, never woken yet.
    await sessionWhilePaused(r, d0);
    await sessionWhilePaused(r, d0);
    await sessionWhilePaused(r, d2);
    await operator(r, "resume");

    // Act
    await r.step();
    const afterResume = r.current();
    await r.step();

    // Assess: d0 woken again though both in-session places are taken (by d0 and d1 themselves);
    // d2 waits in toWake once, for room, as before.
    assert.deepEqual(
      r.sent.map((m) => m.deviceId),
      [d0, d1, d0],
    );
    assert.equal(afterResume.stage?.woken, 2, "a re-wake is not counted woken");
    assert.equal(afterResume.rewakeHeld, undefined, "the flag is cleared");
    assert.deepEqual(afterResume.toWake, [{ taskId: (await taskOf(r, d2)).id, deviceId: d2 }]);
    assert.equal(r.progress.takes(), 1, "held tasks are taken once, on the step after the resume");
    assert.deepEqual(r.progress.held("C1"), []);
  });

  it("cancels a held task waiting to be woken again with the rest of toWake, counted skipped once", async () => {
    // Prepare: d0 woken, held while paused; resumed with the wake clock ahead, so nothing is sent.
    const r = rig(3, { rate: { connectionRequestsPerSecond: 100, maxInSession: 1 } });
    await r.step();
    await r.step();
    const [d0] = r.sent.map((m) => m.deviceId) as [string];
    await operator(r, "pause");
    await sessionWhilePaused(r, d0);
    await operator(r, "resume", { nextWakeAt: r.now() + 60_000 });
    await r.step();
    const read = r.current();

    // Act: the operator cancels (as the API does), and a second cancel of the same list follows
    const cancel = () => cancelUnwokenTasks(r.deps, read, "campaign cancelled");
    await r.deps.campaigns.saveCampaign(applyOperatorAction(read, "cancel", r.now()));
    const first = await cancel();
    const second = await cancel();

    // Assess: every unwoken task, the held one included, cancelled and counted skipped once.
    assert.equal(read.toWake[0]?.deviceId, d0);
    assert.equal(read.toWake[0]?.rewake, true);
    assert.equal(read.toWake.length, 3);
    assert.deepEqual([first, second], [3, 0]);
    assert.deepEqual(
      (await r.tasksOf()).map((t) => t.status),
      ["cancelled", "cancelled", "cancelled"],
    );
    assert.deepEqual(await r.progress.store.readProgress("C1"), [
      { stage: 0, succeeded: 0, failed: 0, skipped: 3, failedDevices: [] },
    ]);
    assert.equal(r.sent.length, 1, "nobody woken past the cancel");
  });
});

describe("a campaign task put back in its queue by a retryable fault", () => {
  it("is woken again within heldCheckMs, without a pause, and checked no more often", async () => {
    // Prepare: both devices woken; d0's transfer failed with 9010 and its session noted it.
    const r = rig(2, { rate: { connectionRequestsPerSecond: 100, maxInSession: 2 } });
    await r.step();
    await r.step();
    const [d0] = r.sent.map((m) => m.deviceId) as [string];
    const takesBefore = r.progress.takes();
    await sessionWhilePaused(r, d0);

    // Act: steps 1 s apart (the rig's clock); the check is due 5 s after the last.
    const sentPerStep: number[] = [];
    for (let i = 0; i < 6; i += 1) {
      const before = r.sent.length;
      await r.step();
      sentPerStep.push(r.sent.length - before);
    }

    // Assess: one re-wake of d0, once the check came due; one take per 5 s.
    assert.deepEqual(
      r.sent.slice(2).map((m) => m.deviceId),
      [d0],
    );
    assert.equal(
      sentPerStep.reduce((a, b) => a + b, 0),
      1,
    );
    assert.ok(r.progress.takes() - takesBefore <= 2, `${r.progress.takes() - takesBefore} takes`);
    assert.equal(r.current().stage?.woken, 2, "a re-wake is not counted woken");
  });
});
