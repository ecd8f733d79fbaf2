import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { type LocalAcsHarness, startLocalAcsHarness } from "../support/local-acs-harness.ts";

/** Idempotency-Key on POST /devices/{id}/tasks against the local ACS (dynalite + local SQS). */
describe("Idempotency-Key (local ACS)", () => {
  let acs: LocalAcsHarness;
  let deviceId: string;
  before(async () => {
    acs = await startLocalAcsHarness();
    deviceId = await acs.register("IDEM1");
  });
  after(async () => acs.stop());

  const tasksPath = () => `/devices/${encodeURIComponent(deviceId)}/tasks`;
  const listed = async () =>
    (await acs.api("GET", tasksPath())).body.tasks as { id: string; name: string }[];

  it("answers 20 concurrent POSTs with one key with one task, and lists only that task", async () => {
    // Prepare
    const headers = { "idempotency-key": "concurrent-20" };
    const body = { name: "getParameterValues", parameterNames: ["Device.DeviceInfo."] };

    // Act
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => acs.api("POST", tasksPath(), { body, headers })),
    );

    // Assess
    const tasks = await listed();
    assert.equal(tasks.length, 1);
    assert.deepEqual(
      answers.map((answer) => [answer.status === 200 || answer.status === 202, answer.body.id]),
      answers.map(() => [true, tasks[0]?.id]),
    );
    assert.equal(answers.filter((answer) => answer.status === 202).length, 1);
  });

  it("refuses the key with another body with 422 and queues nothing more", async () => {
    // Prepare
    const headers = { "idempotency-key": "reused" };
    const first = await acs.api("POST", tasksPath(), { body: { name: "reboot" }, headers });
    const before = (await listed()).length;

    // Act
    const reused = await acs.api("POST", tasksPath(), { body: { name: "factoryReset" }, headers });

    // Assess
    assert.equal(first.status, 202);
    assert.equal(reused.status, 422);
    assert.equal(reused.body.error, "idempotency-key-reused");
    assert.equal((await listed()).length, before);
  });
});
