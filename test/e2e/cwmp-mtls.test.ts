import assert from "node:assert/strict";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { request } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { createCwmpCodec } from "../../functions/core/cwmp/cwmp-codec.ts";
import { deviceIdOf } from "../../functions/core/model/device-id.ts";
import { albMtlsHeaders } from "../../functions/handlers/alb-client-certificate.ts";
import {
  ensureTestCa,
  issueCertificate,
  type PemPair,
} from "../../functions/local/certs/create-cwmp-pki.ts";
import { createSimulatedCpe } from "../../functions/simulator/cpe.ts";
import type { CpeTlsOptions } from "../../functions/simulator/http-post.ts";
import { type LocalAcsHarness, startLocalAcsHarness } from "../support/local-acs-harness.ts";
import { until } from "../support/until.ts";
import { requireBinary } from "../support/xmpp-require-binary.ts";

/**
 * The local ACS's mutual-TLS CWMP listener, as an operator runs it: a CA and certificates from
 * `npm run certs`' code, CPE authentication digest on the plain listener, and simulated CPEs
 * whose certificate CN is their device id.
 */
const codec = createCwmpCodec();
const identity = (serialNumber: string) => ({
  oui: "00D09E",
  productClass: "SIM-HGW",
  serialNumber,
});

function inform(serialNumber: string): string {
  return codec.encodeCpeMessage({
    cwmpNamespace: "urn:dslforum-org:cwmp-1-0",
    header: { id: "1" },
    body: {
      method: "Inform",
      deviceId: { manufacturer: "Acme", ...identity(serialNumber) },
      event: [{ eventCode: "0 BOOTSTRAP", commandKey: "" }],
      maxEnvelopes: 1,
      currentTime: "2026-11-24T10:00:00Z",
      retryCount: 0,
      parameterList: [],
    },
  });
}

/** One POST over HTTPS with the given TLS settings: the status, or the connection's error. */
function postTls(url: string, tls: CpeTlsOptions, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { method: "POST", ...tls, agent: false }, (response) => {
      response.resume();
      response.on("end", () => resolve(response.statusCode ?? 0));
    });
    outgoing.on("error", reject);
    outgoing.end(body);
  });
}

describe("CWMP over mutual TLS (local ACS)", { skip: requireBinary("openssl") }, () => {
  let dir: string;
  let acs: LocalAcsHarness;
  let ca: PemPair;
  const pem = (path: string) => readFile(path);
  const deviceTls = async (serialNumber: string): Promise<CpeTlsOptions> => {
    const cert = await issueCertificate(ca, dir, {
      name: serialNumber,
      commonName: deviceIdOf(identity(serialNumber)),
    });
    return {
      cert: await pem(cert.certPath),
      key: await pem(cert.keyPath),
      ca: await pem(ca.certPath),
    };
  };

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "acs-mtls-"));
    ca = await ensureTestCa(dir);
    const server = await issueCertificate(ca, dir, {
      name: "acs",
      commonName: "localhost",
      server: { altNames: ["IP:127.0.0.1"] },
    });
    acs = await startLocalAcsHarness({
      ACS_CPE_AUTH: "digest",
      ACS_CPE_USERNAME: "fleet",
      ACS_CPE_PASSWORD: "fleet-password",
      ACS_CWMP_TLS_PORT: "0",
      ACS_CWMP_TLS_CERT: server.certPath,
      ACS_CWMP_TLS_KEY: server.keyPath,
      ACS_CWMP_CLIENT_CA: ca.certPath,
    });
  });
  after(async () => {
    await acs?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it("completes a session for a CPE whose certificate names it, with no password", async () => {
    const tlsUrl = acs.cwmpTlsUrl ?? assert.fail("no HTTPS CWMP listener");
    assert.match(tlsUrl, /^https:\/\//);
    const cpe = createSimulatedCpe({
      serialNumber: "TLS000001",
      acsUrl: tlsUrl,
      tls: await deviceTls("TLS000001"),
      retryMinWaitSec: 0.2,
    });
    cpe.start();
    try {
      const completed = await until("a completed session", async () =>
        cpe.sessions().find((s) => s.result.kind === "completed"),
      );
      assert.equal(completed.result.kind, "completed");
      const id = deviceIdOf(identity("TLS000001"));
      assert.equal((await acs.api("GET", `/devices/${encodeURIComponent(id)}`)).status, 200);
    } finally {
      await cpe.stop();
    }
  });

  it("refuses a CPE presenting another device's certificate, and writes nothing", async () => {
    const url = acs.cwmpTlsUrl ?? assert.fail("no HTTPS CWMP listener");
    const tls = await deviceTls("TLS000002");
    // The certificate authenticates its own device (no password)...
    assert.equal(await postTls(url, tls, inform("TLS000002")), 200);
    // ...and no other.
    assert.equal(await postTls(url, tls, inform("TLS000003")), 401);
    const other = deviceIdOf(identity("TLS000003"));
    assert.equal((await acs.api("GET", `/devices/${encodeURIComponent(other)}`)).status, 404);
  });

  it("fails the handshake of a client without a certificate", async () => {
    const trustOnly = { ca: await pem(ca.certPath) };
    await assert.rejects(
      postTls(acs.cwmpTlsUrl ?? "", trustOnly, inform("TLS000004")),
      (error: NodeJS.ErrnoException) => {
        // TLS 1.3 reports the server's "certificate required" alert at the first read.
        assert.match(String(error.code ?? error.message), /ERR_SSL|ECONNRESET|EPIPE|alert/i);
        return true;
      },
    );
  });

  it("ignores ALB-style certificate headers sent to the plain listener", async () => {
    const forged = deviceIdOf(identity("TLS000005"));
    const response = await fetch(acs.cwmpUrl, {
      method: "POST",
      headers: {
        [albMtlsHeaders.subject]: `CN=${forged}`,
        [albMtlsHeaders.serialNumber]: "01",
        [albMtlsHeaders.issuer]: "CN=Local ACS test CA",
      },
      body: inform("TLS000005"),
    });
    await response.text();
    assert.equal(response.status, 401);
    assert.match(response.headers.get("www-authenticate") ?? "", /^Digest /);
    assert.equal((await acs.api("GET", `/devices/${encodeURIComponent(forged)}`)).status, 404);
  });
});
