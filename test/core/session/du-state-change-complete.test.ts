import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { OpResultStruct } from "../../../functions/core/cwmp/shared-structs.ts";
import { newTask } from "../../../functions/core/model/new-task.ts";
import { softwareInventory } from "../../../functions/core/model/software-inventory.ts";
import { duStateChangeCompleted } from "../../../functions/core/session/du-state-change-complete.ts";

const ok: OpResultStruct = {
  uuid: "u-1",
  deploymentUnitRef: "Device.SoftwareModules.DeploymentUnit.1",
  version: "2.1",
  currentState: "Installed",
  resolved: true,
  executionUnitRefList:
    "Device.SoftwareModules.ExecutionUnit.1, Device.SoftwareModules.ExecutionUnit.2",
  startTime: "2026-12-07T10:00:00Z",
  completeTime: "2026-12-07T10:00:04Z",
  fault: { faultCode: 0, faultString: "" },
};
const failed = (code: number): OpResultStruct => ({
  ...ok,
  deploymentUnitRef: "",
  currentState: "Failed",
  resolved: false,
  fault: { faultCode: code, faultString: "nope" },
});

function task() {
  const created = newTask({
    id: "t1",
    deviceId: "d1",
    spec: { name: "changeDUState", operations: [{ type: "install", url: "http://x/a.ipk" }] },
    now: 0,
    defaults: { lifetimeMs: 60_000, maxAttempts: 3 },
  });
  return { ...created, status: "awaiting-transfer" as const, attempts: 1 };
}

describe("duStateChangeCompleted", () => {
  it("ends the task done with a result per operation and writes the installed DU", () => {
    const { task: done, parameters } = duStateChangeCompleted(
      task(),
      { method: "DUStateChangeComplete", commandKey: "t1", results: [ok] },
      5,
    );
    assert.equal(done.status, "done");
    assert.deepEqual(done.result?.duResults?.[0]?.executionUnitRefList, [
      "Device.SoftwareModules.ExecutionUnit.1",
      "Device.SoftwareModules.ExecutionUnit.2",
    ]);
    const inventory = softwareInventory(parameters.flatMap((p) => p.put));
    assert.deepEqual(inventory.deploymentUnits, [
      {
        path: "Device.SoftwareModules.DeploymentUnit.1.",
        values: {
          UUID: "u-1",
          Version: "2.1",
          Status: "Installed",
          ExecutionUnitList:
            "Device.SoftwareModules.ExecutionUnit.1,Device.SoftwareModules.ExecutionUnit.2",
        },
      },
    ]);
  });

  it("removes an uninstalled DU", () => {
    const { parameters } = duStateChangeCompleted(
      task(),
      {
        method: "DUStateChangeComplete",
        commandKey: "t1",
        results: [{ ...ok, currentState: "Uninstalled" }],
      },
      5,
    );
    assert.equal(parameters[0]?.prune?.prefix, "Device.SoftwareModules.DeploymentUnit.1.");
  });

  it("faults at once, without retry, when only some operations failed", () => {
    const { task: ended } = duStateChangeCompleted(
      task(),
      { method: "DUStateChangeComplete", commandKey: "t1", results: [ok, failed(9002)] },
      5,
    );
    assert.equal(ended.status, "faulted");
    assert.equal(ended.fault?.code, 9002);
    assert.equal(ended.reason, "1 of 2 DU operations failed");
    assert.equal(ended.result?.duResults?.length, 2);
  });

  it("retries when every operation failed with a transient fault, and not for 9028", () => {
    const transient = duStateChangeCompleted(
      task(),
      { method: "DUStateChangeComplete", commandKey: "t1", results: [failed(9002)] },
      5,
    );
    assert.equal(transient.task.status, "pending");
    const unknown = duStateChangeCompleted(
      task(),
      { method: "DUStateChangeComplete", commandKey: "t1", results: [failed(9028)] },
      5,
    );
    assert.equal(unknown.task.status, "faulted");
    assert.equal(unknown.task.fault?.code, 9028);
  });
});

describe("softwareInventory", () => {
  it("groups DeploymentUnit and ExecutionUnit instances of both roots, in instance order", () => {
    const at = (name: string, value: string) => ({
      name,
      value,
      type: "string" as const,
      learnedAt: 0,
    });
    const inventory = softwareInventory([
      at("Device.SoftwareModules.DeploymentUnit.10.Name", "b"),
      at("Device.SoftwareModules.DeploymentUnit.2.Name", "a"),
      at("InternetGatewayDevice.SoftwareModules.ExecutionUnit.1.Status", "Active"),
      at("Device.SoftwareModules.ExecEnv.1.Name", "Linux"),
      at("Device.SoftwareModules.DeploymentUnit.2.Sub.X", "ignored"),
    ]);
    assert.deepEqual(
      inventory.deploymentUnits.map((u) => [u.path, u.values.Name]),
      [
        ["Device.SoftwareModules.DeploymentUnit.2.", "a"],
        ["Device.SoftwareModules.DeploymentUnit.10.", "b"],
      ],
    );
    assert.deepEqual(inventory.executionUnits, [
      {
        path: "InternetGatewayDevice.SoftwareModules.ExecutionUnit.1.",
        values: { Status: "Active" },
      },
    ]);
  });
});
