import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import { completeProfile } from "../../functions/simulator/device-profile.ts";
import { type LocalAcsHarness, startLocalAcsHarness } from "../support/local-acs-harness.ts";

const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");

/** The body of the README's `POST /campaigns` example, verbatim. */
function readmeCampaignBody(): Record<string, unknown> {
  const match = /\/campaigns -d '(\{[\s\S]*?\})'\n/.exec(readme);
  assert.ok(match?.[1], "the README has a POST /campaigns example");
  return JSON.parse(match[1]);
}

/** The README's rollout example is what the API accepts and answers. */
describe("README rollout example", () => {
  let acs: LocalAcsHarness;
  before(async () => {
    acs = await startLocalAcsHarness();
  });
  after(async () => acs.stop());

  it("creates a campaign from the README body and answers as the README shows", async () => {
    // Prepare: the README's placeholder file id replaced by a real firmware image.
    const image = Buffer.from("VERSION=2.0.0\nfirmware image bytes\n");
    const file = await acs.api("POST", "/files", {
      body: { name: "hgw-2.0.0.bin", fileType: "1 Firmware Upgrade Image", version: "2.0.0" },
    });
    assert.equal(file.status, 201, JSON.stringify(file.body));
    const { upload } = file.body;
    await (
      await fetch(upload.url, { method: upload.method, headers: upload.headers, body: image })
    ).text();
    assert.equal((await acs.api("POST", `/files/${file.body.id}/complete`)).status, 200);
    const body = readmeCampaignBody();
    const task = body.task as { name: string; fileId: string };
    assert.equal(task.fileId, "01K...", "the README's placeholder");
    // The example targets the devices of the README's try-it flow (npm run sim).
    const simulated = completeProfile({ serialNumber: "S1", acsUrl: "http://127.0.0.1:7547/" });
    assert.deepEqual(body.filter, { oui: simulated.oui, productClass: simulated.productClass });

    // Act
    const created = await acs.api("POST", "/campaigns", {
      body: { ...body, task: { ...task, fileId: file.body.id } },
    });

    // Assess
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.body.status, "running");
    assert.equal(created.body.progress.matched, null);
    assert.ok(created.body.stage);
    assert.deepEqual(created.body.filter, body.filter);
    assert.deepEqual(created.body.haltWhen, body.haltWhen);
    // The README's control commands, in its order.
    const id = created.body.id;
    const running = await acs.api("GET", "/campaigns?status=running");
    assert.ok(running.body.campaigns.some((c: { id: string }) => c.id === id));
    for (const action of ["pause", "resume", "cancel"]) {
      const answered = await acs.api("POST", `/campaigns/${id}/${action}`);
      assert.equal(answered.status, 200, `${action}: ${JSON.stringify(answered.body)}`);
    }
    assert.equal((await acs.api("GET", `/campaigns/${id}`)).body.status, "cancelled");
  });
});
