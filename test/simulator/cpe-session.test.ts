import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createSimulatedCpe, type SimulatedCpe } from "../../functions/simulator/cpe.ts";
import { eventCodes, type FakeAcs, startFakeAcs } from "./fake-acs.ts";
import { waitUntil } from "./wait-until.ts";

describe("SimulatedCpe against a fake ACS", () => {
  let acs: FakeAcs;
  let cpe: SimulatedCpe;

  before(async () => {
    acs = await startFakeAcs();
  });
  after(async () => {
    await cpe?.stop();
    await acs.close();
  });

  it("bootstraps, keeps the session cookie, answers GetParameterValues and SetParameterValues", async () => {
    // Prepare
    acs.enqueue(
      { method: "GetParameterValues", parameterNames: ["Device.DeviceInfo."] },
      {
        method: "SetParameterValues",
        parameterList: [{ name: "Device.WiFi.SSID.1.SSID", value: "home", type: "string" }],
        parameterKey: "pk-1",
      },
    );
    cpe = createSimulatedCpe({ serialNumber: "S1", acsUrl: acs.url, rebootDelayMs: 0 });

    // Act
    cpe.start();
    await waitUntil(() => cpe.sessions().length === 1, "the first session");

    // Assess
    const [inform] = acs.informs();
    assert.ok(inform);
    assert.deepEqual(eventCodes(inform), ["0 BOOTSTRAP", "1 BOOT"]);
    assert.equal(inform.deviceId.serialNumber, "S1");
    const names = inform.parameterList.map((p) => p.name);
    assert.ok(names.includes("Device.ManagementServer.ConnectionRequestURL"));
    assert.ok(names.includes("Device.DeviceInfo.SoftwareVersion"));
    const session = acs.posts.filter((post) => post.session === 1);
    assert.deepEqual(
      session.map((post) => post.message?.method ?? "empty"),
      ["Inform", "empty", "GetParameterValuesResponse", "SetParameterValuesResponse"],
    );
    assert.equal(
      new Set(session.map((post) => post.remotePort)).size,
      1,
      "one keep-alive connection",
    );
    assert.equal(session[0]?.cookie, undefined);
    for (const post of session.slice(1)) assert.equal(post.cookie, "acs-session=s1");
    const gpv = session[2]?.message;
    assert.equal(gpv?.method, "GetParameterValuesResponse");
    assert.ok(
      gpv.parameterList.some(
        (p) => p.name === "Device.DeviceInfo.SerialNumber" && p.value === "S1",
      ),
    );
    assert.equal(cpe.model().read("Device.WiFi.SSID.1.SSID"), "home");
    assert.equal(cpe.model().read("Device.ManagementServer.ParameterKey"), "pk-1");
    assert.equal(cpe.sessions()[0]?.result.kind, "completed");
    assert.deepEqual(cpe.sessions()[0]?.rpcs, [
      "GetParameterValues:Device.DeviceInfo.",
      "SetParameterValues:Device.WiFi.SSID.1.SSID=home",
    ]);
  });
});
