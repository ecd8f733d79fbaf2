import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { stepCampaign } from "../../functions/campaigns/step-campaign.ts";
import type { CampaignRecord } from "../../functions/core/model/campaign.ts";
import { rig, t0 } from "./campaign-rig.ts";

describe("stepCampaign", () => {
  it("holds the set CR rate with steps 300 ms apart, and bursts at most catchUpMs' worth after idling", async () => {
    // Prepare: 80 devices at 20/s; the first step counts them.
    const r = rig(80, { rate: { connectionRequestsPerSecond: 20, maxInSession: 100 } });
    await r.step();
    const sentBy = async () => {
      const before = r.sent.length;
      await stepCampaign(r.deps, r.current());
      return r.sent.length - before;
    };

    // Act: the stage starts 1 s after the campaign was created; later, after an 8 s idle spell,
    // steps every 300 ms (the runner's 250 ms plus its own work).
    const first = await sentBy();
    r.advance(8_000);
    const perStep: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      perStep.push(await sentBy());
      r.advance(300);
    }

    // Assess: a step after idling sends 500 ms' worth plus one, no more; then 6 per 300 ms, the
    // 20/s asked (a lag of one interval only, as before, let about 2 per step through).
    assert.equal(first, 11);
    assert.deepEqual(perStep, [11, 6, 6, 6, 6]);
  });

  it("counts the matching devices before queueing anything", async () => {
    // Prepare
    const r = rig(7);

    // Act
    await r.step();

    // Assess
    assert.equal(r.current().matched, 7);
    assert.equal(r.current().counting, undefined);
    assert.deepEqual(await r.tasksOf(), []);
    assert.deepEqual(r.sent, []);
  });

  it("rolls out stage by stage with the stage on each task, waiting for each stage to finish", async () => {
    // Prepare: 10 devices, canary 2, waves of 50% (5), last wave 3.
    const r = rig(10, {
      stages: { canary: 2, waves: { percent: 50 }, soakSeconds: 0, stageTimeoutSeconds: 900 },
    });
    await r.step();

    // Act: the canary is queued and woken; nothing else until it finishes.
    await r.step();
    await r.step();
    const canary = await r.tasksOf();
    await r.finishWoken();
    for (let i = 0; i < 12 && r.current().status === "running"; i++) {
      await r.step();
      await r.finishWoken();
    }

    // Assess
    assert.deepEqual(
      canary.map((t) => [t.campaignStage, t.campaignId]),
      [
        [0, "C1"],
        [0, "C1"],
      ],
    );
    const stages = (await r.tasksOf()).map((t) => t.campaignStage);
    assert.deepEqual(
      [0, 1, 2].map((s) => stages.filter((x) => x === s).length),
      [2, 5, 3],
    );
    assert.equal(r.current().status, "completed");
    assert.equal(r.events.at(-1)?.type, "CampaignCompleted");
    assert.equal(r.current().runner, undefined, "the lease is given back");
    assert.deepEqual(await r.stores.tasks.listTasks("AABBCC-HGW-X1"), [], "another OUI");
  });

  it("waits soakSeconds after a stage ends before the next starts", async () => {
    // Prepare
    const r = rig(4, { stages: { canary: 1, soakSeconds: 60, stageTimeoutSeconds: 900 } });
    await r.step();
    await r.step();
    await r.finishWoken();
    await r.step(); // the canary ends here
    const endedAt = r.current().stage?.endedAt ?? 0;

    // Act
    for (let i = 0; i < 30; i++) await r.step();
    const duringSoak = (await r.tasksOf()).length;
    r.advance(endedAt + 60_000 - r.now());
    await r.step();

    // Assess
    assert.equal(duringSoak, 1, "only the canary's task during the soak");
    assert.equal(r.current().stage?.index, 1);
    assert.equal((await r.tasksOf()).length, 4);
  });

  it("starts no stage and wakes no device outside the maintenance window", async () => {
    // Prepare: 02:00 UTC now, the window opens at 03:00.
    const r = rig(3, { maintenanceWindow: { start: "03:00", end: "04:00" } });
    await r.step();

    // Act
    await r.step();
    const before = { tasks: (await r.tasksOf()).length, sent: r.sent.length };
    r.advance(Date.parse("2027-03-10T03:00:00Z") - r.now());
    await r.step();

    // Assess
    assert.deepEqual(before, { tasks: 0, sent: 0 });
    assert.ok(r.sent.length > 0, "woken once the window opened");
  });

  it("bounds the devices in session by woken less finished, from the progress counters", async () => {
    // Prepare
    const r = rig(5, { rate: { connectionRequestsPerSecond: 100, maxInSession: 2 } });
    await r.step();

    // Act
    await r.step();
    await r.step();
    const whileOpen = r.sent.length;
    await r.finishWoken();
    await r.step();

    // Assess
    assert.equal(whileOpen, 2);
    assert.equal(r.sent.length, 4);
    assert.equal(r.progress.reads(), 3, "one progress read per rolling step, no task reads");
  });

  it("halts when the stage rule trips: unwoken tasks cancelled as skipped, CampaignHalted, no later device touched", async () => {
    // Prepare: 20 devices, canary 4 (failedCount 2 per stage), one at a time.
    const r = rig(20, {
      stages: { canary: 4, waves: { size: 8 }, soakSeconds: 0, stageTimeoutSeconds: 900 },
      rate: { connectionRequestsPerSecond: 100, maxInSession: 1 },
      haltWhen: { stage: { failedCount: 2 } },
    });
    await r.step();

    // Act: every device fails.
    for (let i = 0; i < 10 && r.current().status === "running"; i++) {
      await r.step();
      await r.finishWoken(() => "faulted");
    }
    await r.step();

    // Assess
    const campaign = r.current();
    assert.equal(campaign.status, "halted");
    assert.equal(campaign.halt?.stage, 0);
    assert.match(campaign.halt?.reason ?? "", /stage 0: 2 of 2 finished devices failed/);
    assert.deepEqual(
      campaign.halt?.failedDevices,
      r.sent.map((m) => m.deviceId),
    );
    assert.equal(r.sent.length, 2, "no device woken past the halt");
    const tasks = await r.tasksOf();
    assert.equal(tasks.length, 4, "only the canary's devices were given the task");
    assert.deepEqual(
      tasks.filter((t) => t.status === "cancelled").map((t) => t.reason),
      ["campaign halted", "campaign halted"],
    );
    const [progress] = await r.progress.store.readProgress("C1");
    assert.deepEqual([progress?.failed, progress?.skipped], [2, 2]);
    assert.deepEqual(
      r.events.map((e) => e.type),
      ["CampaignHalted"],
    );
  });

  it("does not step a paused campaign; resumed, it continues waking", async () => {
    // Prepare
    const r = rig(3, { rate: { connectionRequestsPerSecond: 1, maxInSession: 3 } });
    await r.step();
    await r.step();
    const woken = r.sent.length;
    const paused = { ...r.current(), status: "paused" as const, version: r.current().version + 1 };
    await r.deps.campaigns.saveCampaign(paused);

    // Act
    await r.step();
    await r.step();
    const whilePaused = r.sent.length;
    await r.deps.campaigns.saveCampaign({
      ...r.current(),
      status: "running",
      version: r.current().version + 1,
    });
    await r.step();

    // Assess
    assert.ok(woken > 0 && woken < 3);
    assert.equal(whilePaused, woken);
    assert.ok(r.sent.length > woken);
  });

  it("keeps the operator's cancel when it meets the runner's save, and cancels the unwoken tasks", async () => {
    // Prepare
    const r = rig(3, { rate: { connectionRequestsPerSecond: 1, maxInSession: 1 } });
    await r.step();
    const read = r.current();
    r.advance(0);
    await r.deps.campaigns.saveCampaign({
      ...read,
      status: "cancelled",
      version: read.version + 1,
    });

    // Act
    await stepCampaign(r.deps, read);

    // Assess
    const campaign = r.current();
    assert.equal(campaign.status, "cancelled");
    assert.deepEqual(campaign.toWake, []);
    const tasks = await r.tasksOf();
    assert.equal(tasks.length, 3, "the step's tasks are kept on record");
    assert.deepEqual(
      tasks.map((t) => t.status).sort(),
      ["cancelled", "cancelled", "pending"],
      "the woken one is left to the session's status gate",
    );
  });

  it("leaves a campaign another runner holds alone", async () => {
    // Prepare
    const r = rig(2);
    const held = { ...r.current(), runner: { id: "runner-b", until: t0 + 1 } };

    // Act
    const next = await stepCampaign(r.deps, held);

    // Assess
    assert.equal(next, undefined);
    assert.equal(r.current().matched, undefined);
  });

  it("gives a download by fileId only to devices of the file not already on its version", async () => {
    // Prepare: the file fits product class HGW, version 2.0; S000 already reports 2.0.
    const file = {
      id: "F1",
      name: "fw.bin",
      fileType: "1 Firmware Upgrade Image" as const,
      version: "2.0",
      productClasses: ["HGW"],
      size: 1,
      createdAt: t0,
      state: "ready" as const,
    };
    const task = { name: "download", fileType: "1 Firmware Upgrade Image", url: "", fileId: "F1" };
    const r = rig(3, { task: task as unknown as CampaignRecord["task"] }, file);
    r.setDevice("00D09E-HGW-S000", { "Device.DeviceInfo.SoftwareVersion": ["2.0", "xsd:string"] });
    r.setDevice(
      "00D09E-HGW-S001",
      { "Device.DeviceInfo.SoftwareVersion": ["1.0", "xsd:string"] },
      "STB",
    );
    await r.step();

    // Act
    await r.step();

    // Assess
    assert.deepEqual(
      r.sent.map((m) => m.deviceId),
      ["00D09E-HGW-S002"],
    );
    const [progress] = await r.progress.store.readProgress("C1");
    assert.equal(progress?.skipped, 2);
    assert.equal(r.current().assigned, 3);
  });
});
