import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { type LocalAcsHarness, startLocalAcsHarness } from "../support/local-acs-harness.ts";

/** Roles enforced by the API of the local ACS, with ACS_API_ROLE_TOKENS' lesser tokens. */
describe("local ACS roles (ACS_API_ROLE_TOKENS)", () => {
  let acs: LocalAcsHarness;
  let device: string;
  const as = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });
  before(async () => {
    acs = await startLocalAcsHarness({ ACS_API_ROLE_TOKENS: "viewer=view-tok,operator=op-tok" });
    device = await acs.register("R1");
  });
  after(async () => acs.stop());

  it("lets a viewer list devices and refuses its task with 403", async () => {
    // Act
    const list = await acs.api("GET", "/devices", as("view-tok"));
    const task = await acs.api("POST", `/devices/${encodeURIComponent(device)}/tasks`, {
      ...as("view-tok"),
      body: { name: "reboot" },
    });

    // Assess
    assert.equal(list.status, 200);
    assert.equal(list.body.devices.length, 1);
    assert.equal(task.status, 403);
    assert.deepEqual(task.body, {
      error: "forbidden",
      message: "role viewer may not POST /devices/{id}/tasks",
    });
  });

  it("lets an operator queue a task and refuses its profile PUT", async () => {
    // Act
    const task = await acs.api("POST", `/devices/${encodeURIComponent(device)}/tasks`, {
      ...as("op-tok"),
      body: { name: "reboot" },
    });
    const profile = await acs.api("PUT", "/profiles/ntp", {
      ...as("op-tok"),
      body: { parameters: [] },
    });

    // Assess
    assert.equal(task.status, 202);
    assert.equal(profile.status, 403);
  });

  it("answers GET /me with each token's role, the admin's included", async () => {
    // Act
    const viewer = await acs.api("GET", "/me", as("view-tok"));
    const admin = await acs.api("GET", "/me");

    // Assess
    assert.deepEqual(viewer.body, { principal: "token/viewer", role: "viewer", source: "token" });
    assert.equal(admin.body.role, "admin");
  });
});
