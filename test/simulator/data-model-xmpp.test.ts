import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { DataModel } from "../../functions/simulator/data-model.ts";
import { completeProfile } from "../../functions/simulator/device-profile.ts";
import { buildDeviceTree } from "../../functions/simulator/device-tree.ts";
import { CpeFaultError } from "../../functions/simulator/errors.ts";

function tree(overrides: { fixedXmppConnection?: boolean } = {}): DataModel {
  return buildDeviceTree({
    profile: completeProfile({ serialNumber: "D1", acsUrl: "http://127.0.0.1:1/", ...overrides }),
    uptimeSeconds: () => 42.7,
    now: () => Date.UTC(2026, 0, 2, 3, 4, 5),
  });
}

function faultOf(work: () => unknown): CpeFaultError {
  try {
    work();
  } catch (error) {
    if (error instanceof CpeFaultError) return error;
    throw error;
  }
  assert.fail("expected a CpeFaultError");
}

describe("data model: XMPP connections (Annex K)", () => {
  it("lets the ACS add a connection, with a server table, when not fixed", () => {
    const model = tree();
    assert.equal(model.read("Device.XMPP.ConnectionNumberOfEntries"), "0");
    assert.equal(model.addObject("Device.XMPP.Connection."), 1);
    assert.equal(model.read("Device.XMPP.Connection.1.ServerNumberOfEntries"), "1");
    assert.equal(model.read("Device.XMPP.Connection.1.Server.1.Port"), "5222");
  });

  it("refuses AddObject with 9005 and DeleteObject with 9001 for a fixed connection 1", () => {
    const model = tree({ fixedXmppConnection: true });
    assert.equal(faultOf(() => model.addObject("Device.XMPP.Connection.")).faultCode, 9005);
    assert.equal(faultOf(() => model.deleteObject("Device.XMPP.Connection.1.")).faultCode, 9001);
  });

  it("derives ConnReqJabberID from the referenced, enabled connection", () => {
    const model = tree({ fixedXmppConnection: true });
    model.setInternal("Device.XMPP.Connection.1.JabberID", "cpe@xmpp.test/cwmp");
    const jid = () => model.read("Device.ManagementServer.ConnReqJabberID");
    assert.equal(jid(), "");
    model.setParameterValues([
      {
        name: "Device.ManagementServer.ConnReqXMPPConnection",
        value: "Device.XMPP.Connection.1",
        type: "string",
      },
    ]);
    assert.equal(jid(), "");
    model.setParameterValues([
      { name: "Device.XMPP.Connection.1.Enable", value: "true", type: "boolean" },
    ]);
    assert.equal(jid(), "cpe@xmpp.test/cwmp");
  });
});
