import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createMemoryStores } from "../../functions/adapters/memory/index.ts";
import type { DiagnosticStore, TaskStore } from "../../functions/ports.ts";
import { apiRig, deviceId } from "./api-rig.ts";

const path = `/devices/${deviceId}/diagnostics`;

/** The rig with its device on a TR-098 root (its Inform parameters name InternetGatewayDevice.). */
function tr098Rig() {
  const rig = apiRig();
  rig.addDevice();
  const entry = rig.table.devices.get(deviceId);
  if (!entry) throw new Error("device missing");
  entry.device = {
    ...entry.device,
    informParameters: { "InternetGatewayDevice.DeviceInfo.SoftwareVersion": ["1.0", "string"] },
  };
  return rig;
}

describe("POST /devices/{id}/diagnostics", () => {
  it("queues one SetParameterValues with DiagnosticsState = Requested and wakes the device (202)", async () => {
    // Prepare
    const rig = apiRig();
    rig.addDevice();

    // Act
    const res = await rig.call("POST", path, {
      body: { type: "IPPing", host: "example.net", dscp: 8 },
    });

    // Assess
    assert.equal(res.status, 202, res.body);
    assert.equal(res.json.state, "requested");
    const task = await rig.deps.tasks.getTask(String(res.json.requestTaskId));
    assert.deepEqual(task?.spec, {
      name: "setParameterValues",
      parameterValues: [
        ["Device.IP.Diagnostics.IPPing.Host", "example.net", "string"],
        ["Device.IP.Diagnostics.IPPing.DSCP", "8", "unsignedInt"],
        ["Device.IP.Diagnostics.IPPing.DiagnosticsState", "Requested", "string"],
      ],
    });
    assert.equal(task?.diagnosticId, res.json.id);
    assert.equal(rig.sent.length, 1, "one connection request");
  });

  for (const [what, body] of [
    ["no type", { host: "example.net" }],
    ["an unknown type", { type: "Ping", host: "example.net" }],
    ["IPPing without host", { type: "IPPing" }],
    ["an argument of another test", { type: "IPPing", host: "a", maxHopCount: 3 }],
    ["a DSCP out of range", { type: "IPPing", host: "a", dscp: 64 }],
    [
      "a download URL that is not http(s)/ftp",
      { type: "DownloadDiagnostics", downloadURL: "file:///etc/passwd" },
    ],
    [
      "an upload without TestFileLength",
      { type: "UploadDiagnostics", uploadURL: "http://a.example/up" },
    ],
    ["an empty host list", { type: "ServerSelection", hostList: [] }],
  ] as const) {
    it(`400 for ${what}, nothing queued`, async () => {
      // Prepare
      const rig = apiRig();
      rig.addDevice();

      // Act
      const res = await rig.call("POST", path, { body });

      // Assess
      assert.equal(res.status, 400, res.body);
      assert.equal(res.json.error, "invalid-request");
      assert.deepEqual(await rig.deps.tasks.listTasks(deviceId), []);
    });
  }

  it("404 for an unknown device", async () => {
    // Act
    const res = await apiRig().call("POST", path, { body: { type: "IPPing", host: "a" } });

    // Assess
    assert.equal(res.status, 404);
  });

  it("409 naming the open one for a second diagnostic of the type; other types run", async () => {
    // Prepare
    const rig = apiRig();
    rig.addDevice();
    const first = await rig.call("POST", path, { body: { type: "IPPing", host: "a" } });

    // Act
    const second = await rig.call("POST", path, { body: { type: "IPPing", host: "b" } });
    const other = await rig.call("POST", path, { body: { type: "NSLookup", hostName: "b" } });

    // Assess
    assert.equal(second.status, 409);
    assert.equal(second.json.error, "diagnostic-running");
    assert.equal(second.json.diagnosticId, first.json.id);
    assert.equal(other.status, 202);
  });

  it("cancelling its SetParameterValues ends the diagnostic failed and frees its type", async () => {
    // Prepare
    const rig = apiRig();
    rig.addDevice();
    const first = await rig.call("POST", path, { body: { type: "IPPing", host: "a" } });

    // Act
    const cancel = await rig.call("DELETE", `/tasks/${first.json.requestTaskId}`);
    const read = await rig.call("GET", `/diagnostics/${first.json.id}`);
    const again = await rig.call("POST", path, { body: { type: "IPPing", host: "b" } });

    // Assess
    assert.equal(cancel.status, 200, cancel.body);
    assert.equal(read.json.state, "failed");
    assert.match((read.json.failure as { reason: string }).reason, /starting the test cancelled/);
    assert.equal(again.status, 202, again.body);
  });

  it("writes the diagnostic before queueing its task (a session under way may run it at once)", async () => {
    // Prepare: note what the diagnostic's record says when its task is created.
    const memory = createMemoryStores();
    const seen: (string | undefined)[] = [];
    let diagnostics: DiagnosticStore | undefined;
    const tasks: TaskStore = {
      ...memory.tasks,
      createTask: async (task) => {
        const record = await diagnostics?.getDiagnostic(task.diagnosticId ?? "");
        seen.push(record?.requestTaskId === task.id ? record.state : undefined);
        return memory.tasks.createTask(task);
      },
    };
    const rig = apiRig({ stores: { ...memory, tasks } });
    diagnostics = rig.deps.diagnostics?.store;
    rig.addDevice();

    // Act
    const res = await rig.call("POST", path, { body: { type: "IPPing", host: "a" } });

    // Assess
    assert.equal(res.status, 202, res.body);
    assert.deepEqual(seen, ["requested"]);
  });

  it("TR-098: the InternetGatewayDevice object; NSLookup and TR-181-only arguments 422", async () => {
    // Prepare
    const rig = tr098Rig();

    // Act
    const ping = await rig.call("POST", path, { body: { type: "IPPing", host: "a" } });
    const ns = await rig.call("POST", path, { body: { type: "NSLookup", hostName: "a" } });
    const v6 = await rig.call("POST", path, {
      body: { type: "TraceRoute", host: "a", protocolVersion: "IPv6" },
    });

    // Assess
    assert.equal(ping.json.objectPath, "InternetGatewayDevice.IPPingDiagnostics.");
    assert.equal(ns.status, 422);
    assert.equal(ns.json.error, "diagnostic-unsupported");
    assert.equal(v6.status, 422);
  });

  it("an open diagnostic past its deadline reads timedOut, frees the type and publishes DiagnosticsCompleted", async () => {
    // Prepare
    const rig = apiRig();
    rig.addDevice();
    const first = await rig.call("POST", path, { body: { type: "IPPing", host: "a" } });
    await rig.deps.sleep(600_000);

    // Act
    const shown = await rig.call("GET", `/diagnostics/${first.json.id}`);
    const again = await rig.call("POST", path, { body: { type: "IPPing", host: "a" } });

    // Assess
    assert.equal(shown.json.state, "timedOut");
    assert.equal(again.status, 202);
    assert.deepEqual(
      rig.published.map((e) => e.type === "DiagnosticsCompleted" && [e.diagnosticId, e.state]),
      [[first.json.id, "timedOut"]],
    );
  });

  it("wait=N answers 202 with the diagnostic still open when nothing ends it", async () => {
    // Prepare
    const rig = apiRig();
    rig.addDevice();

    // Act
    const res = await rig.call("POST", path, {
      body: { type: "IPPing", host: "a" },
      query: { wait: "2" },
    });

    // Assess
    assert.equal(res.status, 202);
    assert.equal(res.json.state, "requested");
  });

  it("GET /diagnostics/{id}: 404 for an unknown or malformed id", async () => {
    // Act
    const rig = apiRig();
    const malformed = await rig.call("GET", "/diagnostics/nope");
    const unknown = await rig.call("GET", `/diagnostics/${"0".repeat(26)}`);

    // Assess
    assert.equal(malformed.status, 404);
    assert.equal(unknown.status, 404);
  });
});
