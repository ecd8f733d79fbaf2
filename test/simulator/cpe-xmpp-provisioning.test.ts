import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { createSimulatedCpe, type SimulatedCpe } from "../../functions/simulator/cpe.ts";
import { eventCodes, type FakeAcs, startFakeAcs } from "./fake-acs.ts";
import { fakeEndpoints } from "./fake-xmpp-endpoint.ts";
import { waitUntil } from "./wait-until.ts";

const JID_PARAM = "Device.ManagementServer.ConnReqJabberID";
const base = "Device.XMPP.Connection.1.";

describe("SimulatedCpe: XMPP provisioned by the ACS (TR-069 Annex K)", () => {
  let acs: FakeAcs | undefined;
  let cpe: SimulatedCpe | undefined;
  after(async () => {
    await cpe?.stop();
    await acs?.close();
  });

  it("connects after the session that configured it and informs 4 VALUE CHANGE with its JID", async () => {
    // Prepare
    acs = await startFakeAcs();
    const endpoints = fakeEndpoints();
    acs.enqueue(
      { method: "AddObject", objectName: "Device.XMPP.Connection.", parameterKey: "k1" },
      {
        method: "SetParameterValues",
        parameterKey: "k2",
        parameterList: [
          ["Username", "cpe-7"],
          ["Password", "pw"],
          ["Domain", "x.test"],
          ["Resource", "cwmp"],
          ["Server.1.Enable", "true"],
          ["Server.1.ServerAddress", "127.0.0.1"],
          ["Enable", "true"],
        ]
          .map(([name, value]) => ({ name: `${base}${name}`, value: value ?? "", type: "string" }))
          .concat([
            {
              name: "Device.ManagementServer.ConnReqXMPPConnection",
              value: "Device.XMPP.Connection.1",
              type: "string",
            },
          ]),
      },
    );
    cpe = createSimulatedCpe({
      serialNumber: "P1",
      acsUrl: acs.url,
      xmpp: { openEndpoint: endpoints.open, retryInitialMs: 1 },
    });
    // Act
    cpe.start();
    await acs.waitFor(
      (fake) => fake.informs().some((inform) => eventCodes(inform).includes("4 VALUE CHANGE")),
      "the VALUE CHANGE Inform",
    );
    // Assess
    const informs = acs.informs();
    assert.deepEqual(eventCodes(informs[0] ?? assert.fail("no Inform")), ["0 BOOTSTRAP", "1 BOOT"]);
    const change = informs[1];
    assert.ok(change);
    assert.deepEqual(eventCodes(change), ["4 VALUE CHANGE"]);
    const reported = change.parameterList.find((p) => p.name === JID_PARAM);
    assert.equal(reported?.value, "cpe-7@x.test/cwmp");
    assert.ok(change.parameterList.some((p) => p.name === "Device.DeviceInfo.SoftwareVersion"));
    assert.equal(endpoints.opened[0]?.options.service, "xmpp://127.0.0.1:5222");
    await waitUntil(() => cpe?.sessions().length === 2, "the VALUE CHANGE session to end");
    assert.equal(cpe.sessions()[1]?.result.kind, "completed");
  });
});
