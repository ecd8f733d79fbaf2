import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { apiRig, deviceId } from "./api-rig.ts";

/** 40 values of 16 KiB pass the schema's per-value bounds but make a 650 KB task. */
const oversized = {
  name: "setParameterValues",
  parameterValues: Array.from({ length: 40 }, (_, i) => [
    `Device.X_Vendor.Blob.${i + 1}.Data`,
    "x".repeat(16 * 1024),
  ]),
};

describe("task specs too large to store", () => {
  it("refuses one with 400 naming its size, for a device and for a campaign, creating nothing", async () => {
    // Prepare
    const rig = apiRig();
    rig.addDevice();

    // Act
    const task = await rig.call("POST", `/devices/${deviceId}/tasks`, { body: oversized });
    const campaign = await rig.call("POST", "/campaigns", {
      body: { task: oversized, rate: { connectionRequestsPerSecond: 1, maxInSession: 1 } },
    });
    const listed = await rig.call("GET", `/devices/${deviceId}/tasks`);
    const campaigns = await rig.call("GET", "/campaigns");

    // Assess
    for (const response of [task, campaign]) {
      assert.equal(response.status, 400, JSON.stringify(response.json));
      assert.match(JSON.stringify(response.json), /more than the 131072 a task may hold/);
    }
    assert.deepEqual(listed.json.tasks, []);
    assert.deepEqual(campaigns.json.campaigns, []);
  });

  it("queues one just under the bound", async () => {
    // Prepare
    const rig = apiRig();
    rig.addDevice();

    // Act
    const response = await rig.call("POST", `/devices/${deviceId}/tasks`, {
      body: { ...oversized, parameterValues: oversized.parameterValues.slice(0, 7) },
    });

    // Assess
    assert.equal(response.status, 202, JSON.stringify(response.json));
  });
});
