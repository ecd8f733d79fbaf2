import assert from "node:assert/strict";
import { createServer, type Server } from "node:net";
import { after, before, describe, it } from "node:test";
import {
  openXmppEndpoint,
  type XmppEndpoint,
  type XmppEndpointOptions,
} from "../../functions/adapters/xmpp/xmpp-endpoint.ts";
import { createSimulatedCpe } from "../../functions/simulator/cpe.ts";
import type { SimulatedCpe } from "../../functions/simulator/cpe-types.ts";
import { startUdpNat, type UdpNat } from "../support/udp-nat.ts";
import {
  startXmppAcsRig,
  stopXmppAcsRig,
  until,
  type XmppAcsRig,
  xmppReady,
} from "../support/xmpp-acs-rig.ts";
import { requireBinary } from "../support/xmpp-require-binary.ts";

/**
 * The whole method order (TR-069 Annex K, 3.2.2, Annex G) on the local ACS with a real prosody:
 * a simulated CPE behind a port-restricted-cone NAT is provisioned for XMPP and STUN by the
 * built-in profile; then its XMPP client goes offline and its HTTP connection-request port hangs
 * up, so the connection request falls from XMPP to HTTP to the UDP datagram, which wakes it.
 */
const skip = requireBinary("prosody");
const serial = "UDPFB01";

/** The CPE's XMPP transport, which the test can take offline (no reconnection meanwhile). */
function switchableXmpp() {
  let offline = false;
  let current: XmppEndpoint | undefined;
  return {
    async open(options: XmppEndpointOptions): Promise<XmppEndpoint> {
      if (offline) throw new Error("the CPE's XMPP client is offline");
      current = await openXmppEndpoint(options);
      return current;
    },
    async goOffline(): Promise<void> {
      offline = true;
      await current?.close();
    },
  };
}

describe("connection request fallback XMPP -> HTTP -> UDP on the local ACS", { skip }, () => {
  let rig: XmppAcsRig | undefined;
  let nat: UdpNat;
  let httpCr: Server;
  let httpAttempts = 0;
  let stunPort = 0;
  let cpe: SimulatedCpe;
  let path = "";
  const xmpp = switchableXmpp();
  const sessionEvents: string[][] = [];

  before(async () => {
    // Prepare: HTTP connection requests are accepted and hung up at once.
    httpCr = createServer((socket) => {
      httpAttempts += 1;
      socket.destroy();
    });
    await new Promise<void>((resolve) => httpCr.listen(0, "127.0.0.1", resolve));
    const httpPort = (httpCr.address() as { port: number }).port;
    nat = await startUdpNat({ destination: () => ({ address: "127.0.0.1", port: stunPort }) });
    rig = await startXmppAcsRig({
      admin: true,
      env: {
        ACS_SECRETS_KEY: Buffer.alloc(32, 0x3c).toString("base64"),
        ACS_STUN_PORT: "0",
        ACS_STUN_SERVER_ADDRESS: nat.inside.address,
        ACS_STUN_SERVER_PORT: String(nat.inside.port),
        ACS_STUN_KEEPALIVE_SECONDS: "5",
        ACS_CR_METHODS: "xmpp,http,udp",
      },
    });
    stunPort = rig.acs.stunPort ?? 0;
    const service = new URL(rig.xmpp.service);
    const server = { host: service.hostname, port: Number(service.port) };
    cpe = createSimulatedCpe({
      serialNumber: serial,
      acsUrl: rig.acs.cwmpUrl,
      connectionRequestUrl: `http://127.0.0.1:${httpPort}/cr`,
      connectionRequestUsername: "factory-user",
      connectionRequestPassword: "factory-pass",
      retryMinWaitSec: 0.2,
      periodicInformIntervalSec: 3600,
      xmpp: {
        retryInitialMs: 200,
        openEndpoint: xmpp.open,
        resolveDomain: (domain) => (domain === "acs.test" ? server : undefined),
      },
      stun: { bindAddress: "127.0.0.1", keepAliveMs: 500 },
      observer: {
        onSessionEnd: (_serial, record) =>
          sessionEvents.push(record.events.map((event) => event.eventCode)),
      },
    });
    rig.cpes.push(cpe);
    cpe.start();
    const id = await until(`${serial} registered`, async () => {
      const listed = await rig?.acs.api("GET", `/devices?serialPrefix=${serial}`);
      return listed?.body.devices[0]?.id as string | undefined;
    });
    path = `/devices/${encodeURIComponent(id)}`;
  });

  after(async () => {
    await stopXmppAcsRig(rig);
    await nat?.close();
    await new Promise((resolve) => httpCr?.close(resolve));
  });

  it("wakes the CPE over UDP after XMPP and HTTP failed, and lists all three attempts", async () => {
    const r = rig as XmppAcsRig;
    await xmppReady(r, path, cpe);
    await until("NAT binding and UDP address in the device view", async () => {
      const view = await r.acs.api("GET", path);
      const cr = view.body.connectionRequest;
      return cr.stunBinding !== null && cr.udpAddress !== null ? true : undefined;
    });
    await until(`${serial} idle`, async () => (cpe.state() === "idle" ? true : undefined));
    await xmpp.goOffline();
    const sessionsBefore = sessionEvents.length;

    const response = await r.acs.api("POST", `${path}/connection-request?wait=25`);

    assert.equal(response.status, 200, JSON.stringify(response.body));
    assert.equal(response.body.outcome.method, "udp", JSON.stringify(response.body));
    assert.equal(response.body.outcome.outcome, "delivered");
    assert.equal(response.body.sessionStarted, true);
    assert.ok(httpAttempts >= 1, "HTTP was tried");
    assert.ok(
      sessionEvents.slice(sessionsBefore).some((codes) => codes.includes("6 CONNECTION REQUEST")),
    );
    const view = await r.acs.api("GET", path);
    const attempts = view.body.connectionRequest.lastAttempt.attempts;
    assert.deepEqual(
      attempts.map((a: { method: string; outcome: string }) => `${a.method}:${a.outcome}`),
      ["xmpp:failed", "http:failed", "udp:delivered"],
    );
  });
});
