import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createSimulatedCpe } from "../../functions/simulator/cpe.ts";
import type { SimulatedCpe } from "../../functions/simulator/cpe-types.ts";
import { type CrListener, createCrListener } from "../../functions/simulator/cr-listener.ts";
import { crTargetOf } from "../../functions/simulator/fleet.ts";
import { type LocalAcsHarness, startLocalAcsHarness } from "../support/local-acs-harness.ts";
import { startProsody } from "../support/prosody.ts";
import { requireBinary } from "../support/xmpp-require-binary.ts";
import type { XmppTestServer } from "../support/xmpp-test-server.ts";

/**
 * Issue 6 end to end with a real prosody: a simulated TR-181 CPE boots; the
 * built-in profile gives it per-device CR credentials and an XMPP
 * connection; the sender creates its account (XEP-0133); the CPE logs in
 * with what it was given and reports its JID (4 VALUE CHANGE); an API task
 * with connectionRequest=true then reaches it over XMPP.
 */
async function until<T>(
  what: string,
  check: () => Promise<T | undefined>,
  ms = 30_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const found = await check();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const ACS_PASSWORD = "acs-xmpp-secret";

interface Rig {
  readonly xmpp: XmppTestServer;
  readonly acs: LocalAcsHarness;
  readonly listener: CrListener;
  readonly cpes: SimulatedCpe[];
}

async function startRig(options: { admin: boolean }): Promise<Rig> {
  const xmpp = await startProsody({
    domain: "acs.test",
    accounts: [{ user: "acs", password: ACS_PASSWORD }],
    ...(options.admin ? { adminAdhoc: { admins: ["acs"] } } : {}),
  });
  const acs = await startLocalAcsHarness({
    ACS_XMPP_SERVICE: xmpp.service,
    ACS_XMPP_JID: "acs@acs.test",
    ACS_XMPP_PASSWORD: ACS_PASSWORD,
    ACS_XMPP_REQUIRE_TLS: "false",
    ACS_XMPP_CPE_USE_TLS: "false",
    ACS_PROFILE_CACHE_SECONDS: "0",
  });
  const listener = createCrListener();
  await listener.start();
  return { xmpp, acs, listener, cpes: [] };
}

async function stopRig(rig: Rig | undefined): Promise<void> {
  if (!rig) return;
  for (const cpe of rig.cpes) await cpe.stop();
  await rig.listener.stop();
  await rig.acs.stop();
  await rig.xmpp.stop();
}

/** Boots a CPE that knows nothing of XMPP yet (factory CR credentials, no connection). */
async function boot(rig: Rig, serial: string, fixedXmppConnection = false) {
  const cpe = createSimulatedCpe({
    serialNumber: serial,
    acsUrl: rig.acs.cwmpUrl,
    connectionRequestUrl: rig.listener.urlFor(serial),
    connectionRequestUsername: "factory-user",
    connectionRequestPassword: "factory-pass",
    fixedXmppConnection,
    retryMinWaitSec: 0.2,
    xmpp: { retryInitialMs: 200 },
  });
  rig.listener.register(serial, crTargetOf(cpe));
  rig.cpes.push(cpe);
  cpe.start();
  const id = await until(`${serial} registered`, async () => {
    const listed = await rig.acs.api("GET", `/devices?serialPrefix=${serial}`);
    return listed.body.devices[0]?.id as string | undefined;
  });
  return { cpe, id, path: `/devices/${encodeURIComponent(id)}` };
}

async function taskWithConnectionRequest(rig: Rig, path: string) {
  const response = await rig.acs.api("POST", `${path}/tasks?connectionRequest=true&wait=20`, {
    body: { name: "getParameterValues", parameterNames: ["Device.DeviceInfo.UpTime"] },
  });
  assert.equal(response.status, 200, JSON.stringify(response.body));
  assert.equal(response.body.status, "done", JSON.stringify(response.body));
  return response.body;
}

const skip = requireBinary("prosody");

describe("zero-touch XMPP connection requests with prosody (issue 6)", { skip }, () => {
  let rig: Rig | undefined;
  before(async () => {
    rig = await startRig({ admin: true });
  });
  after(() => stopRig(rig));

  it("provisions a TR-181 CPE, which logs in and is then woken over XMPP", async () => {
    const r = rig as Rig;
    const { cpe, path } = await boot(r, "XMPP01");
    const device = await until("XMPP CR ready", async () => {
      const view = await r.acs.api("GET", path);
      return view.body.xmppConnectionRequest.ready ? view.body : undefined;
    });
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
    const builtin = device.provisioning.find((p: { profile: string }) =>
      p.profile.startsWith("builtin-"),
    );
    assert.equal(builtin?.status, "converged");
    assert.equal(
      JSON.stringify(device).includes(model.read("Device.XMPP.Connection.1.Password")),
      false,
      "no password in the API",
    );

    await taskWithConnectionRequest(r, path);
    const after = await r.acs.api("GET", path);
    assert.equal(after.body.connectionRequest.lastAttempt.method, "xmpp");
    assert.equal(after.body.connectionRequest.lastAttempt.outcome, "delivered");
  });

  it("uses the fixed XMPP instance of a CPE that refuses AddObject", async () => {
    const r = rig as Rig;
    const { cpe, path } = await boot(r, "XMPPFX", true);
    await until("XMPP CR ready (fixed instance)", async () => {
      const view = await r.acs.api("GET", path);
      return view.body.xmppConnectionRequest.ready ? true : undefined;
    });
    assert.equal(cpe.model().read("Device.XMPP.ConnectionNumberOfEntries"), "1");
    await taskWithConnectionRequest(r, path);
    const after = await r.acs.api("GET", path);
    assert.equal(after.body.connectionRequest.lastAttempt.method, "xmpp");
  });

  it("does not touch the CPE again in a periodic session once converged", async () => {
    const r = rig as Rig;
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

describe("zero-touch XMPP when the server refuses account creation (issue 6)", { skip }, () => {
  let rig: Rig | undefined;
  before(async () => {
    rig = await startRig({ admin: false });
  });
  after(() => stopRig(rig));

  it("records the refusal, shows why XMPP is not ready, and wakes the CPE over HTTP", async () => {
    const r = rig as Rig;
    const { path } = await boot(r, "XMPPNA");
    const device = await until("account refused", async () => {
      const view = await r.acs.api("GET", path);
      return view.body.xmppConnectionRequest.account?.status === "refused" ? view.body : undefined;
    });
    assert.equal(device.xmppConnectionRequest.ready, false);
    assert.equal(device.xmppConnectionRequest.state, "account-refused");
    assert.match(device.xmppConnectionRequest.account.detail, /XEP-0133|admin/);
    await until("session over", async () => (r.cpes[0]?.state() === "idle" ? true : undefined));
    await taskWithConnectionRequest(r, path);
    const after = await r.acs.api("GET", path);
    assert.equal(after.body.connectionRequest.lastAttempt.method, "http");
    assert.equal(after.body.connectionRequest.lastAttempt.outcome, "delivered");
  });
});
