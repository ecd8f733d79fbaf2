import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createCwmpCodec } from "../../functions/core/cwmp/cwmp-codec.ts";
import {
  derivedXmppPassword,
  xmppUsernameFor,
} from "../../functions/core/provisioning/derived-xmpp-password.ts";
import type { SimulatedCpe } from "../../functions/simulator/cpe-types.ts";
import {
  afterCrAttempt,
  bootCpe,
  startXmppAcsRig,
  stopXmppAcsRig,
  taskWithConnectionRequest,
  until,
  type XmppAcsRig,
  xmppReady,
} from "../support/xmpp-acs-rig.ts";
import { requireBinary } from "../support/xmpp-require-binary.ts";

/**
 * End to end with a real prosody: a simulated TR-181 CPE boots; the
 * built-in profile gives it per-device CR credentials and an XMPP
 * connection; the sender creates its account (XEP-0133); the CPE logs in
 * with what it was given and reports its JID (4 VALUE CHANGE); an API task
 * with connectionRequest=true then reaches it over XMPP.
 */
const skip = requireBinary("prosody");

describe("zero-touch XMPP connection requests with prosody", { skip }, () => {
  let rig: XmppAcsRig | undefined;
  before(async () => {
    rig = await startXmppAcsRig({ admin: true });
  });
  after(() => stopXmppAcsRig(rig));

  it("provisions a TR-181 CPE, which logs in and is then woken over XMPP", async () => {
    const r = rig as XmppAcsRig;
    const { cpe, path } = await bootCpe(r, "XMPP01");
    const device = await xmppReady(r, path, cpe);
    const model = cpe.model();
    const username = model.read("Device.ManagementServer.ConnectionRequestUsername");
    assert.match(username, /^cpe-[0-9a-f]{24}$/, "per-device CR username");
    assert.notEqual(
      model.read("Device.ManagementServer.ConnectionRequestPassword"),
      "factory-pass",
    );
    assert.equal(model.read("Device.ManagementServer.ConnReqAllowedJabberIDs"), "acs@acs.test");
    assert.equal(
      model.read("Device.ManagementServer.ConnReqXMPPConnection"),
      "Device.XMPP.Connection.1",
    );
    assert.equal(model.read("Device.XMPP.Connection.1.Username"), username);
    assert.equal(device.xmppConnectionRequest.jabberId, `${username}@acs.test/cwmp`);
    assert.equal(device.xmppConnectionRequest.account.status, "created");
    assert.equal(device.xmppConnectionRequest.perDeviceCrCredentials, true);
    assert.equal(device.xmppConnectionRequest.variant, "server-table");
    assert.equal(device.xmppConnectionRequest.instance, "dynamic");
    const builtin = device.provisioning.find((p: { profile: string }) =>
      p.profile.startsWith("builtin-"),
    );
    assert.equal(builtin?.status, "converged");
    assert.equal(
      JSON.stringify(device).includes(model.read("Device.XMPP.Connection.1.Password")),
      false,
      "no password in the API",
    );

    const task = await taskWithConnectionRequest(r, path);
    const after = await afterCrAttempt(r, path, task.connectionRequest.requestedAt);
    assert.equal(after.body.connectionRequest.lastAttempt.method, "xmpp");
    assert.equal(after.body.connectionRequest.lastAttempt.outcome, "delivered");
  });

  it("uses the fixed XMPP instance of a CPE that refuses AddObject", async () => {
    const r = rig as XmppAcsRig;
    const { cpe, path } = await bootCpe(r, "XMPPFX", { xmppObject: "fixed-instance" });
    await xmppReady(r, path, cpe);
    assert.equal(cpe.model().read("Device.XMPP.ConnectionNumberOfEntries"), "1");
    const view = await r.acs.api("GET", path);
    assert.equal(view.body.xmppConnectionRequest.instance, "fixed");
    const task = await taskWithConnectionRequest(r, path);
    const after = await afterCrAttempt(r, path, task.connectionRequest.requestedAt);
    assert.equal(after.body.connectionRequest.lastAttempt.method, "xmpp");
  });

  it("provisions a CPE whose older XMPP object has no Server table: domain only, then woken over XMPP", async () => {
    const r = rig as XmppAcsRig;
    const { cpe, path } = await bootCpe(r, "XMPPNS", { xmppObject: "no-server-table" });
    const view = await xmppReady(r, path, cpe);
    assert.equal(view.xmppConnectionRequest.variant, "domain-only");
    assert.equal(cpe.model().read("Device.XMPP.Connection.1.Domain"), "acs.test");
    const sessions = cpe.sessions();
    const rpcs = sessions.flatMap((s) => s.rpcs ?? []);
    assert.ok(!rpcs.some((rpc) => rpc.startsWith("AddObject:Device.XMPP.Connection.1.Server.")));
    for (const s of sessions) assert.equal(new Set(s.rpcs).size, (s.rpcs ?? []).length);
    const task = await taskWithConnectionRequest(r, path);
    const after = await afterCrAttempt(r, path, task.connectionRequest.requestedAt);
    assert.equal(after.body.connectionRequest.lastAttempt.method, "xmpp");
  });

  it("does not touch the CPE again in a periodic session once converged", async () => {
    const r = rig as XmppAcsRig;
    const cpe = r.cpes[0] as SimulatedCpe;
    const before = cpe.sessions().length;
    assert.equal(cpe.connectionRequest(), "accepted");
    await until("one more session", async () =>
      cpe.sessions().length > before && cpe.state() === "idle" ? true : undefined,
    );
    const last = cpe.sessions().at(-1);
    assert.equal(last?.result.kind, "completed", JSON.stringify(last?.result));
    // Inform + empty POST: no profile RPC (the profile is converged; a CR is not a reason to look again).
    assert.equal(last?.result.kind === "completed" && last.result.exchanges, 2);
  });
});

describe("zero-touch XMPP on a TR-098 device without XMPP objects", { skip }, () => {
  let rig: XmppAcsRig | undefined;
  before(async () => {
    rig = await startXmppAcsRig({ admin: true });
  });
  after(() => stopXmppAcsRig(rig));

  it("probes InternetGatewayDevice., takes fault 9005 as 'no XMPP' and leaves the device on HTTP", async () => {
    const r = rig as XmppAcsRig;
    const { post, cookie, codec, ns } = await bootTr098(r, "T98");
    const probe = await post("", cookie);
    assert.deepEqual(probe.acs, {
      method: "GetParameterValues",
      parameterNames: ["InternetGatewayDevice.ManagementServer.", "InternetGatewayDevice.XMPP."],
    });
    const fault = codec.encodeCpeMessage({
      cwmpNamespace: ns,
      header: { id: "acs-3" },
      body: {
        method: "Fault",
        faultcode: "Client",
        faultstring: "CWMP fault",
        faultCode: 9005,
        faultString: "Invalid parameter name",
        setParameterValuesFault: [],
      },
    });
    const end = await post(fault, cookie);
    assert.equal(end.response.status, 204);
    const view = await r.acs.api("GET", "/devices/001122-IGD-T98");
    assert.equal(view.body.xmppConnectionRequest.state, "not-supported");
    assert.equal(view.body.provisioning[0].status, "not-applicable");
    assert.equal(
      view.body.xmppConnectionRequest.account,
      null,
      "no account for a device without XMPP",
    );
  });

  it("takes a probe answer that leaves XMPP out as 'no XMPP': no AddObject, no account", async () => {
    const r = rig as XmppAcsRig;
    const { post, cookie, codec, ns } = await bootTr098(r, "T98OMIT");
    const probe = await post("", cookie);
    assert.equal(probe.acs?.method, "GetParameterValues");
    // Some CPEs answer only the paths they know instead of faulting 9005.
    const answer = codec.encodeCpeMessage({
      cwmpNamespace: ns,
      header: { id: "acs-3" },
      body: {
        method: "GetParameterValuesResponse",
        parameterList: [
          {
            name: "InternetGatewayDevice.ManagementServer.ConnectionRequestUsername",
            value: "factory",
            type: "string",
          },
        ],
      },
    });
    const end = await post(answer, cookie);
    assert.equal(end.response.status, 204, "nothing more: no AddObject on XMPP.Connection.");
    const view = await r.acs.api("GET", "/devices/001122-IGD-T98OMIT");
    assert.equal(view.body.xmppConnectionRequest.state, "not-supported");
    assert.equal(
      view.body.provisioning[0].reason,
      "not in the data model: InternetGatewayDevice.XMPP.",
    );
    assert.equal(view.body.xmppConnectionRequest.account, null, "no account requested");
  });
});

describe("zero-touch XMPP with accounts the operator creates", { skip }, () => {
  const accountKey = "operator-shared-account-key-0123456789";
  let rig: XmppAcsRig | undefined;
  before(async () => {
    rig = await startXmppAcsRig({
      admin: false,
      env: { ACS_XMPP_CREATE_ACCOUNTS: "false", ACS_XMPP_ACCOUNT_KEY: accountKey },
    });
  });
  after(() => stopXmppAcsRig(rig));

  it("uses the password the operator derived from the shared key, and wakes the CPE over XMPP", async () => {
    const r = rig as XmppAcsRig;
    // The operator's provisioning creates the account ahead of time, from the device id alone.
    const username = xmppUsernameFor("00D09E-SIM%2DHGW-XMPPOP");
    await r.xmpp.register(username, derivedXmppPassword(accountKey, username));
    const { cpe, path } = await bootCpe(r, "XMPPOP");
    const device = await xmppReady(r, path, cpe);
    assert.equal(device.xmppConnectionRequest.account.status, "external");
    assert.equal(device.xmppConnectionRequest.jabberId, `${username}@acs.test/cwmp`);
    const task = await taskWithConnectionRequest(r, path);
    const after = await afterCrAttempt(r, path, task.connectionRequest.requestedAt);
    assert.equal(after.body.connectionRequest.lastAttempt.method, "xmpp");
  });
});

describe("zero-touch XMPP when the server refuses account creation", { skip }, () => {
  let rig: XmppAcsRig | undefined;
  before(async () => {
    rig = await startXmppAcsRig({ admin: false });
  });
  after(() => stopXmppAcsRig(rig));

  it("records the refusal, shows why XMPP is not ready, and wakes the CPE over HTTP", async () => {
    const r = rig as XmppAcsRig;
    const { path } = await bootCpe(r, "XMPPNA");
    const device = await until("account refused", async () => {
      const view = await r.acs.api("GET", path);
      return view.body.xmppConnectionRequest.account?.status === "refused" ? view.body : undefined;
    });
    assert.equal(device.xmppConnectionRequest.ready, false);
    assert.equal(device.xmppConnectionRequest.state, "account-refused");
    assert.match(device.xmppConnectionRequest.account.detail, /XEP-0133|admin/);
    await until("session over", async () => (r.cpes[0]?.state() === "idle" ? true : undefined));
    const task = await taskWithConnectionRequest(r, path);
    const after = await afterCrAttempt(r, path, task.connectionRequest.requestedAt);
    assert.equal(after.body.connectionRequest.lastAttempt.method, "http");
    assert.equal(after.body.connectionRequest.lastAttempt.outcome, "delivered");
  });
});

/** A TR-098 CPE (no simulator: raw CWMP) informs with "0 BOOTSTRAP"; returns its POST helper. */
async function bootTr098(r: XmppAcsRig, serialNumber: string) {
  const codec = createCwmpCodec();
  const post = async (body: string, cookie = "") => {
    const response = await fetch(r.acs.cwmpUrl, { method: "POST", body, headers: { cookie } });
    const text = await response.text();
    return { response, acs: text === "" ? undefined : codec.decodeAcsMessage(text).body };
  };
  const ns = "urn:dslforum-org:cwmp-1-0" as const;
  const informed = await post(
    codec.encodeCpeMessage({
      cwmpNamespace: ns,
      header: { id: "1" },
      body: {
        method: "Inform",
        deviceId: {
          manufacturer: "Old",
          oui: "001122",
          productClass: "IGD",
          serialNumber,
        },
        event: [{ eventCode: "0 BOOTSTRAP", commandKey: "" }],
        maxEnvelopes: 1,
        currentTime: "2026-11-24T10:00:00Z",
        retryCount: 0,
        parameterList: [
          {
            name: "InternetGatewayDevice.DeviceInfo.SoftwareVersion",
            value: "1",
            type: "string",
          },
          {
            name: "InternetGatewayDevice.ManagementServer.ConnectionRequestURL",
            value: "http://192.0.2.1:7547/cr",
            type: "string",
          },
        ],
      },
    }),
  );
  const cookie = informed.response.headers.getSetCookie()[0]?.split(";")[0] ?? "";
  return { post, cookie, codec, ns };
}
