import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { newTask } from "../../functions/core/model/new-task.ts";
import { apiRig, deviceId, t0, taskDefaults } from "./api-rig.ts";

/** A campaign's task queued for the rig's device, as the campaign runner queues it. */
async function campaignTask(rig: ReturnType<typeof apiRig>, id: string) {
  await rig.stores.tasks.createTask(
    newTask({
      id,
      deviceId,
      spec: { name: "reboot" },
      now: t0,
      defaults: taskDefaults,
      origin: { campaignId: "C1", campaignStage: 1 },
    }),
  );
}

const oneSkipped = [{ stage: 1, succeeded: 0, failed: 0, skipped: 1, failedDevices: [] }];

describe("a campaign task ended through the API", () => {
  it("is counted skipped once when DELETE /tasks/{id} cancels it", async () => {
    // Prepare
    const rig = apiRig();
    rig.addDevice();
    const id = "01KBX00000000000000000000T";
    await campaignTask(rig, id);

    // Act
    const cancelled = await rig.call("DELETE", `/tasks/${id}`);
    const again = await rig.call("DELETE", `/tasks/${id}`);

    // Assess
    assert.equal(cancelled.status, 200);
    assert.equal(again.status, 409);
    assert.deepEqual(await rig.campaignProgress.readProgress("C1"), oneSkipped);
  });

  it("is counted skipped when its device is deleted", async () => {
    // Prepare
    const rig = apiRig();
    rig.addDevice();
    await campaignTask(rig, "01KBX00000000000000000000T");

    // Act
    const deleted = await rig.call("DELETE", `/devices/${deviceId}`);

    // Assess
    assert.equal(deleted.status, 200);
    assert.deepEqual(await rig.campaignProgress.readProgress("C1"), oneSkipped);
  });
});
