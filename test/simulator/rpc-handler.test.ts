import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  type AcsMessage,
  type CpeMessage,
  createCwmpCodec,
} from "../../functions/core/cwmp/index.ts";
import { completeProfile } from "../../functions/simulator/device-profile.ts";
import { buildDeviceTree } from "../../functions/simulator/device-tree.ts";
import { createRpcHandler, type RpcOutcome } from "../../functions/simulator/rpc-handler.ts";

const codec = createCwmpCodec();

function setup() {
  const model = buildDeviceTree({
    profile: completeProfile({ serialNumber: "R1", acsUrl: "http://127.0.0.1:1/" }),
    uptimeSeconds: () => 1,
    now: () => 0,
  });
  const handler = createRpcHandler({ model: () => model });
  /** Handles the RPC after a trip through the codec, and checks the answer encodes and decodes. */
  const handle = (rpc: AcsMessage): RpcOutcome & { decoded: CpeMessage } => {
    const wire = codec.decodeAcsMessage(
      codec.encodeAcsMessage({
        cwmpNamespace: "urn:dslforum-org:cwmp-1-0",
        header: { id: "1" },
        body: rpc,
      }),
    );
    assert.ok(wire.body);
    const outcome = handler.handle(wire.body);
    const back = codec.decodeCpeMessage(
      codec.encodeCpeMessage({
        cwmpNamespace: "urn:dslforum-org:cwmp-1-0",
        header: { id: "1" },
        body: outcome.response,
      }),
    );
    assert.ok(back.body);
    return { ...outcome, decoded: back.body };
  };
  return { model, handle };
}

const parameterKey = "Device.ManagementServer.ParameterKey";

describe("rpc handler", () => {
  it("GetRPCMethods lists the implemented methods", () => {
    const { decoded } = setup().handle({ method: "GetRPCMethods" });
    assert.equal(decoded.method, "GetRPCMethodsResponse");
    assert.ok(decoded.methodList.includes("SetParameterValues"));
    assert.ok(decoded.methodList.includes("Download"));
  });

  it("GetParameterNames answers with names and writability", () => {
    const { decoded } = setup().handle({
      method: "GetParameterNames",
      parameterPath: "Device.",
      nextLevel: true,
    });
    assert.equal(decoded.method, "GetParameterNamesResponse");
    assert.ok(
      decoded.parameterList.some((p) => p.name === "Device.ManagementServer." && !p.writable),
    );
  });

  it("GetParameterValues returns typed values", () => {
    const { decoded } = setup().handle({
      method: "GetParameterValues",
      parameterNames: [
        "Device.DeviceInfo.SerialNumber",
        "Device.ManagementServer.PeriodicInformEnable",
      ],
    });
    assert.equal(decoded.method, "GetParameterValuesResponse");
    assert.deepEqual(
      decoded.parameterList.map((p) => [p.value, p.type]),
      [
        ["R1", "string"],
        ["true", "boolean"],
      ],
    );
  });

  it("SetParameterValues applies, sets ParameterKey and reports the changed names", () => {
    const { model, handle } = setup();
    const outcome = handle({
      method: "SetParameterValues",
      parameterList: [
        {
          name: "Device.ManagementServer.PeriodicInformInterval",
          value: "60",
          type: "unsignedInt",
        },
      ],
      parameterKey: "pk-2",
    });
    assert.deepEqual(outcome.decoded, { method: "SetParameterValuesResponse", status: 0 });
    assert.equal(model.read(parameterKey), "pk-2");
    assert.deepEqual(outcome.action, {
      kind: "parameters-changed",
      names: ["Device.ManagementServer.PeriodicInformInterval"],
    });
  });

  it("SetParameterValues faults 9003 with SetParameterValuesFault entries and keeps ParameterKey", () => {
    const { model, handle } = setup();
    const { decoded, action } = handle({
      method: "SetParameterValues",
      parameterList: [
        { name: "Device.WiFi.SSID.1.SSID", value: "fine", type: "string" },
        { name: "Device.DeviceInfo.UpTime", value: "1", type: "unsignedInt" },
      ],
      parameterKey: "pk-3",
    });
    assert.equal(decoded.method, "Fault");
    assert.equal(decoded.faultcode, "Client");
    assert.equal(decoded.faultCode, 9003);
    assert.deepEqual(
      decoded.setParameterValuesFault.map((e) => [e.parameterName, e.faultCode]),
      [["Device.DeviceInfo.UpTime", 9008]],
    );
    assert.equal(action, undefined);
    assert.equal(model.read(parameterKey), "");
    assert.equal(model.read("Device.WiFi.SSID.1.SSID"), "SIM-R1-1");
  });

  it("Get/SetParameterAttributes round-trip notification", () => {
    const { handle } = setup();
    const set = handle({
      method: "SetParameterAttributes",
      parameterList: [
        {
          name: "Device.WiFi.SSID.1.SSID",
          notificationChange: true,
          notification: 1,
          accessListChange: false,
          accessList: [],
        },
      ],
    });
    assert.equal(set.decoded.method, "SetParameterAttributesResponse");
    const { decoded } = handle({
      method: "GetParameterAttributes",
      parameterNames: ["Device.WiFi.SSID.1.SSID"],
    });
    assert.equal(
      decoded.method === "GetParameterAttributesResponse" && decoded.parameterList[0]?.notification,
      1,
    );
  });

  it("AddObject and DeleteObject answer the instance and set ParameterKey", () => {
    const { model, handle } = setup();
    const added = handle({
      method: "AddObject",
      objectName: "Device.WiFi.AccessPoint.",
      parameterKey: "a",
    });
    assert.deepEqual(added.decoded, { method: "AddObjectResponse", instanceNumber: 3, status: 0 });
    assert.equal(model.read(parameterKey), "a");
    const deleted = handle({
      method: "DeleteObject",
      objectName: "Device.WiFi.AccessPoint.3.",
      parameterKey: "d",
    });
    assert.deepEqual(deleted.decoded, { method: "DeleteObjectResponse", status: 0 });
    assert.equal(model.read(parameterKey), "d");
    assert.equal(model.read("Device.WiFi.AccessPointNumberOfEntries"), "2");
  });

  it("AddObject on a table that refuses it faults 9005", () => {
    const { decoded } = setup().handle({
      method: "AddObject",
      objectName: "Device.Hosts.Host.",
      parameterKey: "x",
    });
    assert.equal(decoded.method === "Fault" && decoded.faultCode, 9005);
  });

  it("Reboot and FactoryReset answer at once and act after the session", () => {
    const { handle } = setup();
    const reboot = handle({ method: "Reboot", commandKey: "r" });
    assert.equal(reboot.decoded.method, "RebootResponse");
    assert.deepEqual(reboot.action, { kind: "reboot", commandKey: "r" });
    const reset = handle({ method: "FactoryReset" });
    assert.equal(reset.decoded.method, "FactoryResetResponse");
    assert.deepEqual(reset.action, { kind: "factory-reset" });
  });

  it("Download and Upload answer Status 1 with unknown times", () => {
    const { handle } = setup();
    const transfer = {
      commandKey: "c",
      fileType: "1 Firmware Upgrade Image",
      url: "http://127.0.0.1/fw.bin",
      username: "",
      password: "",
      delaySeconds: 0,
    };
    const download = handle({
      method: "Download",
      ...transfer,
      fileSize: 0,
      targetFileName: "",
      successURL: "",
      failureURL: "",
    });
    assert.deepEqual(download.decoded, {
      method: "DownloadResponse",
      status: 1,
      startTime: "0001-01-01T00:00:00Z",
      completeTime: "0001-01-01T00:00:00Z",
    });
    assert.equal(download.action?.kind, "download");
    const upload = handle({ method: "Upload", ...transfer });
    assert.equal(upload.decoded.method === "UploadResponse" && upload.decoded.status, 1);
    assert.equal(upload.action?.kind, "upload");
  });

  it("Download from an unsupported scheme faults 9013", () => {
    const { decoded } = setup().handle({
      method: "Download",
      commandKey: "c",
      fileType: "1 Firmware Upgrade Image",
      url: "gopher://127.0.0.1/fw",
      username: "",
      password: "",
      fileSize: 0,
      targetFileName: "",
      delaySeconds: 0,
      successURL: "",
      failureURL: "",
    });
    assert.equal(decoded.method === "Fault" && decoded.faultCode, 9013);
  });

  it("ScheduleInform schedules, and faults 9003 for a zero delay", () => {
    const { handle } = setup();
    const scheduled = handle({ method: "ScheduleInform", delaySeconds: 30, commandKey: "s" });
    assert.equal(scheduled.decoded.method, "ScheduleInformResponse");
    assert.deepEqual(scheduled.action, {
      kind: "schedule-inform",
      delaySeconds: 30,
      commandKey: "s",
    });
    const zero = handle({ method: "ScheduleInform", delaySeconds: 0, commandKey: "s" });
    assert.equal(zero.decoded.method === "Fault" && zero.decoded.faultCode, 9003);
  });

  it("faults 9000 for a message that is not an RPC", () => {
    const { decoded } = setup().handle({ method: "TransferCompleteResponse" });
    assert.equal(decoded.method === "Fault" && decoded.faultCode, 9000);
    assert.equal(decoded.method === "Fault" && decoded.faultcode, "Server");
  });
});
