import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { apiRig, t0 } from "./api-rig.ts";

const campaign = {
  filter: { oui: "00D09E" },
  task: { name: "reboot" },
  rate: { connectionRequestsPerSecond: 2, maxInSession: 5 },
};

describe("campaign routes", () => {
  it("POST /campaigns stores a running campaign for the runner, queueing nothing itself", async () => {
    // Prepare
    const rig = apiRig();
    rig.addDevice();

    // Act
    const response = await rig.call("POST", "/campaigns", { body: campaign });

    // Assess
    assert.equal(response.status, 201);
    const stored = rig.campaigns.get(String(response.json.id));
    assert.equal(stored?.status, "running");
    assert.equal(stored?.version, 1);
    assert.equal(stored?.nextWakeAt, t0);
    assert.deepEqual(stored?.filter, campaign.filter);
    assert.deepEqual(await rig.stores.tasks.listTasks("00D09E-HGW-S1"), []);
    assert.deepEqual(rig.sent, []);
  });

  it("POST /campaigns refuses a rate of zero", async () => {
    // Prepare
    const rig = apiRig();

    // Act
    const response = await rig.call("POST", "/campaigns", {
      body: { ...campaign, rate: { connectionRequestsPerSecond: 0, maxInSession: 5 } },
    });

    // Assess
    assert.equal(response.status, 400);
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
    assert.equal(shown.json.status, "running");
    assert.deepEqual([unknown.status, malformed.status], [404, 404]);
  });
});
