import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { LocalAcsHarness } from "../support/local-acs-harness.ts";
import { type SimulatedCpeRig, startSimulatedCpeRig } from "../support/simulated-cpe-rig.ts";
import { until } from "../support/until.ts";

/**
 * Software modules (TR-157) and the optional RPCs of TR-069 A.4.1 through the local ACS to
 * simulated CPEs: ChangeDUState -> DUStateChangeComplete in a later session -> the device
 * view's inventory; ScheduleDownload, CancelTransfer, Get(All)QueuedTransfers, GetRPCMethods.
 */
describe("software modules and the remaining RPCs against the local ACS", {
  concurrency: true,
}, () => {
  const uuid = "6b0c3d2e-0f44-4a6e-9a53-2d1a5c3e9f10";
  let acs: LocalAcsHarness;
  let rig: SimulatedCpeRig;
  let counter = 0;

  before(async () => {
    rig = await startSimulatedCpeRig();
    acs = rig.acs;
  });
  after(async () => {
    await rig.stop();
  });

  async function boot() {
    counter += 1;
    return rig.boot({
      serialNumber: `SWM${String(counter).padStart(4, "0")}`,
      periodicInformIntervalSec: 300,
      transferDurationMs: 200,
      rebootDelayMs: 100,
    });
  }

  /** Queues a task with a connection request and returns it once it ended. */
  async function run(id: string, body: object) {
    const created = await acs.api(
      "POST",
      `/devices/${encodeURIComponent(id)}/tasks?connectionRequest=true`,
      { body },
    );
    assert.ok([200, 201, 202].includes(created.status), JSON.stringify(created.body));
    return until(`task ${created.body.id} to end`, async () => {
      const task = (await acs.api("GET", `/tasks/${created.body.id}`)).body;
      return ["done", "faulted", "cancelled", "expired"].includes(task.status) ? task : undefined;
    });
  }

  it("installs a DU: DUStateChangeComplete ends the task and the device view lists the DU and its EU", async () => {
    // Prepare
    const { cpe, id } = await boot();
    // Act
    const task = await run(id, {
      name: "changeDUState",
      operations: [{ type: "install", url: "http://apps.example.com/voip-2.1.ipk", uuid }],
    });
    // Assess
    assert.equal(task.status, "done", JSON.stringify(task));
    assert.deepEqual(
      task.result.duResults.map((r: { currentState: string; uuid: string; version: string }) => [
        r.currentState,
        r.uuid,
        r.version,
      ]),
      [["Installed", uuid, "2.1"]],
    );
    const device = (await acs.api("GET", `/devices/${encodeURIComponent(id)}`)).body;
    const [du] = device.softwareModules.deploymentUnits;
    assert.equal(du.path, "Device.SoftwareModules.DeploymentUnit.1.");
    assert.equal(du.values.UUID, uuid);
    assert.equal(du.values.Status, "Installed");
    assert.equal(du.values.ExecutionUnitList, "Device.SoftwareModules.ExecutionUnit.1");
    // The simulator records a session once it has ended.
    const report = await until("the M ChangeDUState session to be recorded", async () =>
      cpe.sessions().find((s) => s.events.some((e) => e.eventCode === "M ChangeDUState")),
    );
    assert.deepEqual(report?.events.map((e) => e.eventCode).sort(), [
      "11 DU STATE CHANGE COMPLETE",
      "M ChangeDUState",
    ]);
    // The rest of the DU (Name, EUs) comes from reading the object.
    await run(id, { name: "getParameterValues", parameterNames: ["Device.SoftwareModules."] });
    const read = (await acs.api("GET", `/devices/${encodeURIComponent(id)}`)).body;
    assert.equal(read.softwareModules.deploymentUnits[0].values.Name, "voip");
    assert.equal(read.softwareModules.executionUnits[0].values.Status, "Idle");
  });

  it("uninstalls it again, and an unknown DU ends the task faulted with 9028", async () => {
    const { id } = await boot();
    const install = { type: "install", url: "http://apps.example.com/tv-1.0.ipk", uuid };
    await run(id, { name: "changeDUState", operations: [install] });
    const removed = await run(id, {
      name: "changeDUState",
      operations: [{ type: "uninstall", uuid }],
    });
    assert.equal(removed.status, "done", JSON.stringify(removed));
    const device = (await acs.api("GET", `/devices/${encodeURIComponent(id)}`)).body;
    assert.deepEqual(device.softwareModules.deploymentUnits, []);
    const unknown = await run(id, {
      name: "changeDUState",
      operations: [{ type: "uninstall", uuid }],
    });
    assert.equal(unknown.status, "faulted", JSON.stringify(unknown));
    assert.equal(unknown.fault.code, 9028);
    assert.equal(unknown.result.duResults[0].currentState, "Failed");
  });

  it("schedules a download, lists it queued, cancels it; a second cancel faults 9021", async () => {
    const { id } = await boot();
    const scheduled = await acs.api(
      "POST",
      `/devices/${encodeURIComponent(id)}/tasks?connectionRequest=true`,
      {
        body: {
          name: "scheduleDownload",
          fileType: "1 Firmware Upgrade Image",
          url: "http://files.example.com/fw.bin",
          fileSize: 1000,
          timeWindows: [{ windowStart: 3600, windowEnd: 7200, windowMode: "1 At Any Time" }],
        },
      },
    );
    assert.ok([201, 202].includes(scheduled.status), JSON.stringify(scheduled.body));
    await until("the ScheduleDownload to be accepted", async () => {
      const task = (await acs.api("GET", `/tasks/${scheduled.body.id}`)).body;
      return task.status === "awaiting-transfer" ? task : undefined;
    });
    const queued = await run(id, { name: "getQueuedTransfers" });
    assert.deepEqual(queued.result.transfers, [{ commandKey: scheduled.body.id, state: 1 }]);
    const all = await run(id, { name: "getAllQueuedTransfers" });
    assert.equal(all.result.transfers[0].fileSize, 1000);
    assert.equal(all.result.transfers[0].isDownload, true);
    const cancel = await run(id, { name: "cancelTransfer", commandKey: scheduled.body.id });
    assert.equal(cancel.status, "done", JSON.stringify(cancel));
    // No TransferComplete will come for it (TR-069 A.4.1.7): its task ends with the cancel.
    const ended = (await acs.api("GET", `/tasks/${scheduled.body.id}`)).body;
    assert.equal(ended.status, "cancelled", JSON.stringify(ended));
    assert.match(ended.reason, new RegExp(`cancelled on the CPE by task ${cancel.id}`));
    const view = (await acs.api("GET", `/devices/${encodeURIComponent(id)}`)).body;
    assert.ok(!view.pendingTasks.includes(scheduled.body.id), "it left the queue");
    const again = await run(id, { name: "cancelTransfer", commandKey: scheduled.body.id });
    assert.equal(again.status, "faulted");
    assert.equal(again.fault.code, 9021);
    const empty = await run(id, { name: "getQueuedTransfers" });
    assert.deepEqual(empty.result.transfers, []);
  });

  it("a scheduled download whose window is open now runs and reports M ScheduleDownload", async () => {
    const { id } = await boot();
    const task = await run(id, {
      name: "scheduleDownload",
      fileType: "1 Firmware Upgrade Image",
      url: "http://files.example.com/fw.bin",
      timeWindows: [{ windowStart: 0, windowEnd: 600, windowMode: "2 Immediately" }],
    });
    assert.equal(task.status, "done", JSON.stringify(task));
    assert.equal(task.result.status, 0);
  });

  it("getRPCMethods stores the CPE's method list", async () => {
    const { id } = await boot();
    const task = await run(id, { name: "getRPCMethods" });
    assert.equal(task.status, "done", JSON.stringify(task));
    for (const method of [
      "ChangeDUState",
      "ScheduleDownload",
      "CancelTransfer",
      "GetAllQueuedTransfers",
    ])
      assert.ok(task.result.methods.includes(method), method);
  });

  it("refuses two overlapping time windows with 400", async () => {
    const { id } = await boot();
    const refused = await acs.api("POST", `/devices/${encodeURIComponent(id)}/tasks`, {
      body: {
        name: "scheduleDownload",
        fileType: "1 Firmware Upgrade Image",
        url: "http://files.example.com/fw.bin",
        timeWindows: [
          { windowStart: 0, windowEnd: 600, windowMode: "1 At Any Time" },
          { windowStart: 300, windowEnd: 900, windowMode: "1 At Any Time" },
        ],
      },
    });
    assert.equal(refused.status, 400);
  });
});
