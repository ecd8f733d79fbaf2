import assert from "node:assert/strict";
import { after, afterEach, before, describe, it } from "node:test";
import type { XmppSession } from "../../functions/adapters/xmpp/types.ts";
import { createXmppSession } from "../../functions/adapters/xmpp/xmpp-session.ts";
import type { CpeMessageOf } from "../../functions/core/cwmp/index.ts";
import { createSimulatedCpe, type SimulatedCpe } from "../../functions/simulator/cpe.ts";
import { startProsody } from "../support/prosody.ts";
import { requireBinary } from "../support/xmpp-require-binary.ts";
import type { XmppTestServer } from "../support/xmpp-test-server.ts";
import { eventCodes, type FakeAcs, startFakeAcs } from "./fake-acs.ts";
import { waitUntil } from "./wait-until.ts";
import { configureXmpp, type XmppSettings } from "./xmpp-model.ts";

const JID_PARAM = "Device.ManagementServer.ConnReqJabberID";
const ACS = { user: "acs", password: "acs-secret" };
const OTHER = { user: "intruder", password: "intruder-pw" };
const CPES = ["cpe1", "cpe2", "cpe3", "cpe4"].map((user) => ({ user, password: `${user}-pw` }));

function reportedJid(inform: CpeMessageOf<"Inform">): string | undefined {
  return inform.parameterList.find((p) => p.name === JID_PARAM)?.value;
}

describe("simulated CPE as an XMPP client (TR-069 Annex K) against prosody", {
  skip: requireBinary("prosody"),
}, () => {
  let server: XmppTestServer;
  let acs: FakeAcs;
  let acsSession: XmppSession;
  const cleanups: (() => Promise<void>)[] = [];

  const sessionAs = async (account: { user: string; password: string }) => {
    const session = createXmppSession({
      service: server.service,
      jid: `${account.user}@${server.domain}`,
      password: account.password,
      resource: `acs-${Math.random().toString(36).slice(2, 8)}`,
      requireTls: false,
      connectTimeoutMs: 3_000,
    });
    await session.start();
    return session;
  };

  /** A booted CPE whose XMPP connection is configured as the ACS would provision it. */
  const startCpe = (
    serial: string,
    settings: Partial<XmppSettings> & { user: string },
    acsUrl = acs.url,
  ) => {
    const cpe = createSimulatedCpe({
      serialNumber: serial,
      acsUrl,
      rebootDelayMs: 0,
      retryMinWaitSec: 0.01,
      connectionRequestUsername: "cr-user",
      connectionRequestPassword: "cr-pass",
      xmpp: { retryInitialMs: 50, connectTimeoutMs: 3_000, tlsCa: server.caCert },
    });
    configureXmpp(cpe.model(), {
      username: settings.user,
      password: settings.password ?? `${settings.user}-pw`,
      domain: server.domain,
      host: server.host,
      port: server.port,
      allowed: `${ACS.user}@${server.domain}`,
      ...settings,
    });
    cleanups.push(() => cpe.stop());
    cpe.start();
    return cpe;
  };

  const jidOf = (cpe: SimulatedCpe) => cpe.model().read(JID_PARAM);
  const informsOf = (serial: string) =>
    acs.informs().filter((inform) => inform.deviceId.serialNumber === serial);
  const idle = (cpe: SimulatedCpe) =>
    waitUntil(() => cpe.state() === "idle" && jidOf(cpe) !== "", "an idle, connected CPE");
  const sendCr = (to: string, username = "cr-user", password = "cr-pass") =>
    acsSession.sendConnectionRequest({ to, username, password, timeoutMs: 3_000 });

  before(async () => {
    server = await startProsody({ accounts: [ACS, OTHER, ...CPES] });
    acs = await startFakeAcs();
    acsSession = await sessionAs(ACS);
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  after(async () => {
    await acsSession?.stop();
    await acs?.close();
    await server?.stop();
  });

  it("logs in with its configured credentials and reports its JID with 4 VALUE CHANGE", async () => {
    // Act
    const cpe = startCpe("X1", { user: "cpe1" });
    await acs.waitFor(
      () => informsOf("X1").some((inform) => eventCodes(inform).includes("4 VALUE CHANGE")),
      "an Inform with 4 VALUE CHANGE",
    );
    // Assess
    const expected = `cpe1@${server.domain}/cwmp`;
    assert.equal(jidOf(cpe), expected);
    assert.equal(cpe.model().read("Device.XMPP.Connection.1.JabberID"), expected);
    assert.equal(cpe.model().read("Device.XMPP.Connection.1.Status"), "Enabled");
    assert.equal(cpe.model().read("Device.XMPP.Connection.1.TLSEstablished"), "false");
    const inform = informsOf("X1").find((i) => eventCodes(i).includes("4 VALUE CHANGE"));
    assert.ok(inform);
    assert.equal(reportedJid(inform), expected);
  });

  it("answers an authenticated CR IQ with a result and opens a 6 CONNECTION REQUEST session", async () => {
    // Prepare
    const cpe = startCpe("X2", { user: "cpe2" });
    await idle(cpe);
    const before = informsOf("X2").length;
    // Act
    const outcome = await sendCr(jidOf(cpe));
    await acs.waitFor(() => informsOf("X2").length > before, "the CR session");
    // Assess
    assert.equal(outcome.kind, "delivered");
    const inform = informsOf("X2")[before];
    assert.ok(inform);
    assert.deepEqual(eventCodes(inform), ["6 CONNECTION REQUEST"]);
  });

  it("answers wrong CR credentials with not-authorized and a disallowed JID with service-unavailable", async () => {
    // Prepare
    const cpe = startCpe("X3", { user: "cpe3" });
    await idle(cpe);
    const sessionsBefore = cpe.sessions().length;
    const intruder = await sessionAs(OTHER);
    cleanups.push(() => intruder.stop());
    // Act
    const wrong = await sendCr(jidOf(cpe), "cr-user", "guess");
    const disallowed = await intruder.sendConnectionRequest({
      to: jidOf(cpe),
      username: "cr-user",
      password: "cr-pass",
      timeoutMs: 3_000,
    });
    // Assess
    assert.equal(wrong.kind, "not-authorized");
    assert.equal(disallowed.kind, "service-unavailable");
    // An accepted CR starts the session before the IQ result is even sent.
    assert.equal(cpe.state(), "idle", "no session may start");
    assert.equal(cpe.sessions().length, sessionsBefore);
  });

  it("answers service-unavailable while a session is running (busy)", async () => {
    // Prepare
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let holding = false;
    const slowAcs = await startFakeAcs({
      override: (post) =>
        holding && post.message?.method === "Inform" ? { kind: "wait", until: held } : undefined,
    });
    cleanups.push(() => slowAcs.close());
    cleanups.push(async () => release());
    const cpe = startCpe("X6", { user: "cpe2", resource: "busy" }, slowAcs.url);
    await idle(cpe);
    holding = true;
    const first = await sendCr(jidOf(cpe));
    await waitUntil(() => cpe.state() === "in-session", "the held session");
    // Act
    const second = await sendCr(jidOf(cpe));
    release();
    // Assess
    assert.equal(first.kind, "delivered");
    assert.equal(second.kind, "service-unavailable");
  });

  it("reports Error_AuthenticationFailure when the server refuses its password", async () => {
    // Act
    const cpe = startCpe("X4", { user: "cpe4", password: "not-the-password" });
    const status = () => cpe.model().read("Device.XMPP.Connection.1.Status");
    await waitUntil(() => status() === "Error_AuthenticationFailure", "the auth failure");
    // Assess
    assert.equal(jidOf(cpe), "");
  });

  it("reconnects after the server restarts and after a reboot, and goes offline when stopped", async () => {
    // Prepare
    const cpe = startCpe("X5", { user: "cpe1" });
    await idle(cpe);
    const jid = jidOf(cpe);
    const status = () => cpe.model().read("Device.XMPP.Connection.1.Status");
    // Act: server restart
    await server.restart({
      whileDown: () => waitUntil(() => status() !== "Enabled", "the CPE to notice"),
    });
    await waitUntil(() => status() === "Enabled", "the CPE back online");
    await waitUntil(() => acsSession.status === "online", "the ACS session back online");
    const afterRestart = await sendCr(jid);
    // Act: reboot
    await idle(cpe);
    acs.enqueue({ method: "Reboot", commandKey: "rb" });
    const rebootCr = await sendCr(jid);
    await acs.waitFor(
      () => informsOf("X5").some((inform) => eventCodes(inform).includes("M Reboot")),
      "the boot after the reboot",
    );
    await idle(cpe);
    await waitUntil(() => status() === "Enabled", "the CPE online after reboot");
    const afterReboot = await sendCr(jid);
    // Act: stop
    await cpe.stop();
    const afterStop = await sendCr(jid);
    // Assess
    assert.equal(afterRestart.kind, "delivered");
    assert.equal(rebootCr.kind, "delivered");
    assert.equal(afterReboot.kind, "delivered");
    assert.equal(afterStop.kind, "service-unavailable", "the server answers for a gone resource");
  });
});

describe("simulated CPE over STARTTLS (UseTLS=true) against prosody", {
  skip: requireBinary("prosody"),
}, () => {
  let server: XmppTestServer;
  let acs: FakeAcs;
  const cpes: SimulatedCpe[] = [];
  before(async () => {
    server = await startProsody({ tls: true, accounts: CPES });
    acs = await startFakeAcs();
  });
  after(async () => {
    await Promise.all(cpes.map((cpe) => cpe.stop()));
    await acs?.close();
    await server?.stop();
  });

  const tlsCpe = (serial: string, tlsCa: string | undefined) => {
    const cpe = createSimulatedCpe({
      serialNumber: serial,
      acsUrl: acs.url,
      xmpp: { retryInitialMs: 50, connectTimeoutMs: 3_000, ...(tlsCa ? { tlsCa } : {}) },
    });
    cpes.push(cpe);
    configureXmpp(cpe.model(), {
      username: "cpe1",
      password: "cpe1-pw",
      domain: server.domain,
      resource: serial,
      host: server.host,
      port: server.port,
      useTls: true,
    });
    cpe.start();
    return cpe;
  };

  it("logs in over TLS when it trusts the server's CA", async () => {
    // Act
    const cpe = tlsCpe("T1", server.caCert);
    await waitUntil(() => cpe.model().read(JID_PARAM) !== "", "the JID");
    // Assess
    assert.equal(cpe.model().read(JID_PARAM), `cpe1@${server.domain}/T1`);
    assert.equal(cpe.model().read("Device.XMPP.Connection.1.TLSEstablished"), "true");
  });

  it("reports Error and no JID when the certificate is not trusted", async () => {
    // Act
    const cpe = tlsCpe("T2", undefined);
    const status = () => cpe.model().read("Device.XMPP.Connection.1.Status");
    await waitUntil(() => status() === "Error", "the TLS failure");
    // Assess
    assert.equal(cpe.model().read(JID_PARAM), "");
  });
});
