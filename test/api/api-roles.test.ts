import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Principal } from "../../functions/api/role-policy.ts";
import { apiRig, deviceId } from "./api-rig.ts";

const viewer: Principal = { id: "vera", role: "viewer", source: "cognito" };
const operator: Principal = { id: "otto", role: "operator", source: "token" };

describe("provisioning API roles", () => {
  it("refuses a viewer's campaign with 403 naming the role and the route", async () => {
    // Prepare
    const rig = apiRig();

    // Act
    const response = await rig.call("POST", "/campaigns", { body: {}, principal: viewer });

    // Assess
    assert.equal(response.status, 403);
    assert.deepEqual(response.json, {
      error: "forbidden",
      message: "role viewer may not POST /campaigns",
    });
  });

  it("queues nothing for a viewer's task", async () => {
    // Prepare
    const rig = apiRig();
    rig.addDevice();

    // Act
    const response = await rig.call("POST", `/devices/${deviceId}/tasks`, {
      body: { name: "reboot" },
      principal: viewer,
    });

    // Assess
    assert.equal(response.status, 403);
    assert.equal(rig.table.devices.get(deviceId)?.queue.size, 0);
  });

  it("answers 404 for an unknown route and 405 for a wrong method before the role", async () => {
    // Prepare
    const rig = apiRig();

    // Act
    const unknown = await rig.call("POST", "/nowhere", { principal: viewer });
    const wrongMethod = await rig.call("PATCH", "/campaigns", { principal: viewer });

    // Assess
    assert.equal(unknown.status, 404);
    assert.equal(wrongMethod.status, 405);
  });

  it("lets an operator queue a task but not save a profile", async () => {
    // Prepare
    const rig = apiRig();
    rig.addDevice();

    // Act
    const task = await rig.call("POST", `/devices/${deviceId}/tasks`, {
      body: { name: "reboot" },
      principal: operator,
    });
    const profile = await rig.call("PUT", "/profiles/p1", { body: {}, principal: operator });

    // Assess
    assert.equal(task.status, 202);
    assert.equal(profile.status, 403);
    assert.equal(profile.json.message, "role operator may not PUT /profiles/{name}");
  });

  it("tells the caller who it is on GET /me", async () => {
    // Prepare
    const rig = apiRig();

    // Act
    const response = await rig.call("GET", "/me", { principal: viewer });

    // Assess
    assert.equal(response.status, 200);
    assert.deepEqual(response.json, { principal: "vera", role: "viewer", source: "cognito" });
  });
});
