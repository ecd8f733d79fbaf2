import assert from "node:assert/strict";
import { createSocket } from "node:dgram";
import { mkdtempSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { buildUdpConnectionRequest } from "../../functions/core/stun/udp-connection-request.ts";
import { createSimulatedCpe } from "../../functions/simulator/cpe.ts";
import type { SimulatedCpe } from "../../functions/simulator/cpe-types.ts";
import { type LocalAcsHarness, startLocalAcsHarness } from "../support/local-acs-harness.ts";
import { simulatedCpeCrEnv } from "../support/simulated-cpe-on-acs.ts";
import { startUdpNat, type UdpNat } from "../support/udp-nat.ts";
import { until } from "../support/until.ts";

/**
 * UDP connection requests through NAT (TR-069 Annex G, TR-111 Part 2) on the local ACS: the
 * built-in profile turns STUN on in a simulated CPE that sits behind a port-restricted-cone
 * NAT, the ACS's STUN server records the CPE's public mapping, and a connection request whose
 * HTTP attempt cannot reach the CPE falls back to the signed datagram sent from the STUN socket.
 */

const serial = "UDPCR01";
const management = "Device.ManagementServer.";

describe("UDP connection requests through a NAT on the local ACS", () => {
  let acs: LocalAcsHarness;
  let nat: UdpNat;
  let cpe: SimulatedCpe;
  let id: string;
  let stunPort = 0;
  const udpVerdicts: string[] = [];
  const sessionEvents: string[][] = [];
  /** The CPE's HTTP connection-request port: it accepts and hangs up at once. */
  let httpCr: Server;
  let httpAttempts = 0;

  before(async () => {
    // Prepare: the NAT's inside address is the STUN server the ACS provisions; it forwards to
    // the ACS's STUN port, known once the ACS is up.
    httpCr = createServer((socket) => {
      httpAttempts += 1;
      socket.destroy();
    });
    await new Promise<void>((resolve) => httpCr.listen(0, "127.0.0.1", resolve));
    const httpPort = (httpCr.address() as { port: number }).port;
    nat = await startUdpNat({ destination: () => ({ address: "127.0.0.1", port: stunPort }) });
    acs = await startLocalAcsHarness({
      ...simulatedCpeCrEnv,
      ACS_DATA_DIR: mkdtempSync(join(tmpdir(), "acs-udp-")),
      ACS_SECRETS_KEY: Buffer.alloc(32, 0x5a).toString("base64"),
      ACS_STUN_PORT: "0",
      ACS_STUN_SERVER_ADDRESS: nat.inside.address,
      ACS_STUN_SERVER_PORT: String(nat.inside.port),
      ACS_STUN_KEEPALIVE_SECONDS: "5",
      ACS_CR_METHODS: "http,udp",
    });
    stunPort = acs.stunPort ?? 0;
    cpe = createSimulatedCpe({
      serialNumber: serial,
      acsUrl: acs.cwmpUrl,
      // Hangs up on every connection: the HTTP connection request fails and UDP follows.
      connectionRequestUrl: `http://127.0.0.1:${httpPort}/cr`,
      connectionRequestUsername: simulatedCpeCrEnv.ACS_CR_USERNAME,
      connectionRequestPassword: simulatedCpeCrEnv.ACS_CR_PASSWORD,
      periodicInformIntervalSec: 3600,
      retryMinWaitSec: 0.2,
      stun: { bindAddress: "127.0.0.1", keepAliveMs: 500 },
      observer: {
        onUdpConnectionRequest: (_serial, verdict) =>
          udpVerdicts.push(verdict.kind === "accepted" ? "accepted" : verdict.reason),
        onSessionEnd: (_serial, record) =>
          sessionEvents.push(record.events.map((event) => event.eventCode)),
      },
    });
    cpe.start();
    id = await until(`${serial} registered`, async () => {
      const listed = await acs.api("GET", `/devices?serialPrefix=${serial}`);
      return listed.body.devices[0]?.id as string | undefined;
    });
  });

  after(async () => {
    await cpe?.stop();
    await acs?.stop();
    await nat?.close();
    await new Promise((resolve) => httpCr?.close(resolve));
  });

  it("configures STUN on the CPE and records its NAT binding", async () => {
    const view = await until("binding and address in the device view", async () => {
      const got = await acs.api("GET", `/devices/${encodeURIComponent(id)}`);
      const cr = got.body.connectionRequest;
      return cr.stunBinding !== null && cr.udpAddress !== null ? got.body : undefined;
    });

    const model = cpe.model();
    assert.equal(model.read(`${management}STUNEnable`), "true");
    assert.equal(model.read(`${management}STUNUsername`), id);
    assert.equal(model.read(`${management}STUNMinimumKeepAlivePeriod`), "5");
    const binding = view.connectionRequest.stunBinding;
    assert.notEqual(binding.port, nat.inside.port, "the binding is the NAT's public mapping");
    assert.equal(view.connectionRequest.udpAddress, `127.0.0.1:${binding.port}`);
    // The new UDPConnectionRequestAddress is notified actively (its session may still run).
    await until("a 4 VALUE CHANGE session", async () =>
      sessionEvents.some((codes) => codes.includes("4 VALUE CHANGE")) ? true : undefined,
    );
  });

  it("drops a connection request sent to the CPE's public mapping from another socket", async () => {
    await until(`${serial} idle`, async () => (cpe.state() === "idle" ? true : undefined));
    const address = cpe.model().read(`${management}UDPConnectionRequestAddress`);
    const port = Number(address.split(":")[1]);
    const datagram = buildUdpConnectionRequest({
      address,
      password: simulatedCpeCrEnv.ACS_CR_PASSWORD,
      fields: {
        ts: Math.floor(Date.now() / 1000),
        id: "from-elsewhere",
        un: simulatedCpeCrEnv.ACS_CR_USERNAME,
        cn: "c",
      },
    });
    const filteredBefore = nat.filtered();
    const stranger = createSocket("udp4");

    stranger.send(datagram, port, "127.0.0.1");
    await until("the NAT's filter", async () =>
      nat.filtered() > filteredBefore ? true : undefined,
    );
    stranger.close();

    assert.deepEqual(udpVerdicts, []);
    assert.equal(cpe.state(), "idle");
  });

  it("falls back from an unreachable HTTP connection request to UDP, and the CPE's session starts", async () => {
    const sessionsBefore = sessionEvents.length;

    const response = await acs.api(
      "POST",
      `/devices/${encodeURIComponent(id)}/connection-request?wait=20`,
    );

    assert.equal(response.status, 200, JSON.stringify(response.body));
    assert.equal(response.body.outcome.method, "udp");
    assert.equal(response.body.outcome.outcome, "delivered");
    assert.equal(response.body.sessionStarted, true);
    assert.ok(udpVerdicts.includes("accepted"), udpVerdicts.join(","));
    assert.ok(
      sessionEvents.slice(sessionsBefore).some((codes) => codes.includes("6 CONNECTION REQUEST")),
    );
    assert.equal(httpAttempts, 1, "HTTP was tried first, and failed");
  });
});
