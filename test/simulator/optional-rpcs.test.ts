import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { AcsMessage } from "../../functions/core/cwmp/index.ts";
import { completeProfile } from "../../functions/simulator/device-profile.ts";
import { buildDeviceTree } from "../../functions/simulator/device-tree.ts";
import { createRpcHandler } from "../../functions/simulator/rpc-handler.ts";
import { applyDuOperations } from "../../functions/simulator/software-modules.ts";

function setup() {
  const model = buildDeviceTree({
    profile: completeProfile({ serialNumber: "O1", acsUrl: "http://127.0.0.1:1/" }),
    uptimeSeconds: () => 1,
    now: () => 0,
  });
  return { model, handler: createRpcHandler({ model: () => model }) };
}

const scheduleDownload = (windows: { windowStart: number; windowEnd: number }[]): AcsMessage => ({
  method: "ScheduleDownload",
  commandKey: "sd-1",
  fileType: "1 Firmware Upgrade Image",
  url: "http://files.example.com/fw.bin",
  username: "",
  password: "",
  fileSize: 10,
  targetFileName: "",
  timeWindowList: windows.map((w) => ({
    ...w,
    windowMode: "1 At Any Time",
    userMessage: "",
    maxRetries: -1,
  })),
});

describe("simulated CPE: the transfer queue", () => {
  it("queues a ScheduleDownload, lists it, cancels it once, then faults 9021", () => {
    const { handler } = setup();
    assert.equal(
      handler.handle(scheduleDownload([{ windowStart: 60, windowEnd: 120 }])).response.method,
      "ScheduleDownloadResponse",
    );
    assert.deepEqual(handler.handle({ method: "GetQueuedTransfers" }).response, {
      method: "GetQueuedTransfersResponse",
      transferList: [{ commandKey: "sd-1", state: 1 }],
    });
    assert.equal(
      handler.handle({ method: "CancelTransfer", commandKey: "sd-1" }).response.method,
      "CancelTransferResponse",
    );
    const again = handler.handle({ method: "CancelTransfer", commandKey: "sd-1" }).response;
    assert.equal(again.method === "Fault" && again.faultCode, 9021);
  });

  it("refuses overlapping windows with 9003", () => {
    const { handler } = setup();
    const { response } = handler.handle(
      scheduleDownload([
        { windowStart: 0, windowEnd: 100 },
        { windowStart: 50, windowEnd: 200 },
      ]),
    );
    assert.equal(response.method === "Fault" && response.faultCode, 9003);
  });
});

describe("simulated CPE: software modules", () => {
  const uuid = "6b0c3d2e-0f44-4a6e-9a53-2d1a5c3e9f10";

  it("installs a DU with its EU, refuses a duplicate (9026), uninstalls it", () => {
    const { model } = setup();
    const install = {
      operation: "InstallOpStruct" as const,
      url: "http://apps.example.com/voip-2.1.ipk",
      uuid,
      username: "",
      password: "",
      executionEnvRef: "",
    };
    const [installed, duplicate] = applyDuOperations(model, [install, install], 0);
    assert.equal(installed?.currentState, "Installed");
    assert.equal(installed?.deploymentUnitRef, "Device.SoftwareModules.DeploymentUnit.1");
    assert.equal(model.read("Device.SoftwareModules.DeploymentUnit.1.Name"), "voip");
    assert.equal(model.read("Device.SoftwareModules.ExecutionUnit.1.Status"), "Idle");
    assert.equal(duplicate?.fault.faultCode, 9026);
    const [removed] = applyDuOperations(
      model,
      [{ operation: "UninstallOpStruct", uuid, version: "", executionEnvRef: "" }],
      0,
    );
    assert.equal(removed?.currentState, "Uninstalled");
    assert.equal(model.read("Device.SoftwareModules.DeploymentUnitNumberOfEntries"), "0");
    assert.equal(model.read("Device.SoftwareModules.ExecutionUnitNumberOfEntries"), "0");
  });

  it("refuses AddObject on the DeploymentUnit table (TR-157: the CPE owns it)", () => {
    const { handler } = setup();
    const { response } = handler.handle({
      method: "AddObject",
      objectName: "Device.SoftwareModules.DeploymentUnit.",
      parameterKey: "",
    });
    assert.equal(response.method === "Fault" && response.faultCode, 9005);
  });
});
