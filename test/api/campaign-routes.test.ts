import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { CampaignRecord } from "../../functions/core/model/campaign.ts";
import { apiRig, t0 } from "./api-rig.ts";

const campaign = {
  filter: { oui: "00D09E" },
  task: { name: "reboot" },
  rate: { connectionRequestsPerSecond: 2, maxInSession: 5 },
};

describe("campaign routes", () => {
  it("POST /campaigns stores a running campaign to count, with defaults, queueing nothing itself", async () => {
    // Prepare
    const rig = apiRig();
    rig.addDevice();

    // Act
    const response = await rig.call("POST", "/campaigns", {
      body: {
        ...campaign,
        stages: { canary: 5, waves: { percent: 25 } },
        haltWhen: { stage: { failedCount: 3 } },
      },
    });

    // Assess
    assert.equal(response.status, 201);
    const stored = rig.campaigns.get(String(response.json.id)) as CampaignRecord;
    assert.deepEqual([stored.status, stored.version, stored.nextWakeAt], ["running", 1, t0]);
    assert.deepEqual(stored.stages, {
      canary: 5,
      waves: { percent: 25 },
      soakSeconds: 0,
      stageTimeoutSeconds: 900,
    });
    assert.deepEqual(response.json.progress, {
      matched: null,
      pending: 0,
      inProgress: 0,
      succeeded: 0,
      failed: 0,
      skipped: 0,
    });
    assert.deepEqual(response.json.stage, { index: 0, count: null, size: null });
    assert.deepEqual(await rig.stores.tasks.listTasks("00D09E-HGW-S1"), []);
    assert.deepEqual(rig.sent, []);
  });

  it("POST /campaigns refuses a bad rate, percent, window or threshold, naming the field", async () => {
    // Prepare
    const rig = apiRig();
    const bad = [
      { rate: { connectionRequestsPerSecond: 0, maxInSession: 5 } },
      { stages: { waves: { percent: 101 } } },
      { maintenanceWindow: { start: "25:00", end: "05:00" } },
      { maintenanceWindow: { start: "01:00", end: "01:00" } },
      { haltWhen: { stage: { failedPercent: 10 } } },
    ];

    // Act
    const responses = await Promise.all(
      bad.map((extra) => rig.call("POST", "/campaigns", { body: { ...campaign, ...extra } })),
    );

    // Assess
    assert.deepEqual(
      responses.map((r) => r.status),
      [400, 400, 400, 400, 400],
    );
    const fields = responses.map((r) => (r.json.issues as { field: string }[])[0]?.field);
    assert.deepEqual(fields.slice(0, 4), [
      "body.rate.connectionRequestsPerSecond",
      "body.stages.waves.percent",
      "body.maintenanceWindow.start",
      "body.maintenanceWindow.end",
    ]);
    assert.equal(rig.campaigns.size, 0);
  });

  it("GET /campaigns/{id} shows it; an unknown or malformed id is 404", async () => {
    // Prepare
    const rig = apiRig();
    const created = await rig.call("POST", "/campaigns", { body: campaign });

    // Act
    const shown = await rig.call("GET", `/campaigns/${created.json.id}`);
    const unknown = await rig.call("GET", `/campaigns/${"9".repeat(26)}`);
    const malformed = await rig.call("GET", "/campaigns/nope");

    // Assess
    assert.equal(shown.status, 200);
    assert.equal(shown.json.id, created.json.id);
    assert.deepEqual([unknown.status, malformed.status], [404, 404]);
  });

  it("pauses, resumes and cancels; a transition the status does not allow is 409", async () => {
    // Prepare
    const rig = apiRig();
    const id = String((await rig.call("POST", "/campaigns", { body: campaign })).json.id);
    const control = (action: string) => rig.call("POST", `/campaigns/${id}/${action}`);

    // Act
    const steps = [];
    for (const action of ["resume", "pause", "pause", "resume", "cancel", "resume", "cancel"])
      steps.push([action, (await control(action)).status]);

    // Assess
    assert.deepEqual(steps, [
      ["resume", 409],
      ["pause", 200],
      ["pause", 409],
      ["resume", 200],
      ["cancel", 200],
      ["resume", 409],
      ["cancel", 409],
    ]);
    assert.equal(rig.campaigns.get(id)?.status, "cancelled");
  });

  it("GET /campaigns lists by status, a page at a time", async () => {
    // Prepare
    const rig = apiRig();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++)
      ids.push(String((await rig.call("POST", "/campaigns", { body: campaign })).json.id));
    await rig.call("POST", `/campaigns/${ids[1]}/pause`);

    // Act
    const running = await rig.call("GET", "/campaigns", {
      query: { status: "running", limit: "1" },
    });
    const next = await rig.call("GET", "/campaigns", {
      query: { status: "running", limit: "1", cursor: String(running.json.cursor) },
    });
    const paused = await rig.call("GET", "/campaigns", { query: { status: "paused" } });
    const all = await rig.call("GET", "/campaigns");
    const bad = await rig.call("GET", "/campaigns", { query: { status: "sleeping" } });

    // Assess
    const idsOf = (r: typeof all) => (r.json.campaigns as { id: string }[]).map((c) => c.id);
    assert.deepEqual(idsOf(running), [ids[0]]);
    assert.deepEqual(idsOf(next), [ids[2]]);
    assert.equal(next.json.cursor, undefined);
    assert.deepEqual(idsOf(paused), [ids[1]]);
    assert.deepEqual(idsOf(all), [ids[0], ids[2], ids[1]], "running first, then paused");
    assert.equal(bad.status, 400);
  });
});
