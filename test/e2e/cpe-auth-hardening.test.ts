import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { CpeMessageOf } from "../../functions/core/cwmp/cpe-messages.ts";
import { createCwmpCodec } from "../../functions/core/cwmp/cwmp-codec.ts";
import { buildAuthorization } from "../../functions/core/http-digest/build-authorization.ts";
import { parseChallenge } from "../../functions/core/http-digest/parse-challenge.ts";
import type { DigestChallenge } from "../../functions/core/http-digest/types.ts";
import type { Misbehaviours } from "../../functions/simulator/misbehaviours.ts";
import { runSession, type SessionResult } from "../../functions/simulator/session-client.ts";
import { type LocalAcsHarness, startLocalAcsHarness } from "../support/local-acs-harness.ts";
import { periodicInformBody } from "../support/periodic-inform.ts";
import { openRawHttpConnection } from "../support/raw-http-connection.ts";

/**
 * CPE -> ACS authentication against the local ACS with digest on, from outside: the body is
 * not read before authentication, a digest answer opens one session only, its uri must be the
 * request's, SHA-256 reaches CPEs, and the shared credential cannot stand in for a device's own.
 */
const codec = createCwmpCodec();
const shared = {
  ACS_CPE_AUTH: "digest",
  ACS_CPE_USERNAME: "fleet",
  ACS_CPE_PASSWORD: "fleet-pass",
};

const inform = (serial: string): CpeMessageOf<"Inform"> => periodicInformBody(serial);

const informXml = (serial: string) =>
  codec.encodeCpeMessage({
    cwmpNamespace: "urn:dslforum-org:cwmp-1-0",
    header: { id: "1" },
    body: inform(serial),
  });

/** One whole session of the simulator's CWMP client (Inform, empty POST, 204). */
function simulatorSession(
  acs: LocalAcsHarness,
  serial: string,
  credentials: { username: string; password: string },
  misbehaviours: Misbehaviours = {},
): Promise<SessionResult> {
  return runSession({
    acsUrl: acs.cwmpUrl,
    codec,
    cwmpNamespace: "urn:dslforum-org:cwmp-1-0",
    ...credentials,
    inform: inform(serial),
    requests: [],
    handleRpc: () => ({ kind: "empty" }),
    idPrefix: serial,
    timeoutMs: 10_000,
    now: () => Date.now(),
    misbehaviours,
  });
}

/** A fresh challenge of the given algorithm. */
async function challenge(acs: LocalAcsHarness, algorithm = "MD5"): Promise<DigestChallenge> {
  const response = await fetch(acs.cwmpUrl, { method: "POST", body: "" });
  await response.text();
  assert.equal(response.status, 401);
  const found = parseChallenge(response.headers.get("www-authenticate") ?? "").find(
    (c): c is DigestChallenge => c.scheme === "Digest" && c.algorithm === algorithm,
  );
  assert.ok(found, `an ${algorithm} challenge`);
  return found;
}

async function post(acs: LocalAcsHarness, body: string | Uint8Array, authorization?: string) {
  const response = await fetch(acs.cwmpUrl, {
    method: "POST",
    headers: authorization ? { authorization } : {},
    body,
  });
  await response.text();
  return response.status;
}

const messages = (acs: LocalAcsHarness) => acs.logs.map((line) => JSON.parse(line).message);

describe("CPE authentication, digest on (local ACS)", () => {
  let acs: LocalAcsHarness;
  before(async () => {
    acs = await startLocalAcsHarness(shared);
  });
  after(async () => acs.stop());

  it("answers an unauthenticated 2 MB body 401 without decoding it", async () => {
    // Prepare: junk that the decoder would refuse (and log) if it ever saw it
    const junk = new Uint8Array(2 * 1024 * 1024).fill(0x3c);
    const digest = await challenge(acs);
    const authorized = buildAuthorization({
      challenge: digest,
      username: "fleet",
      password: "fleet-pass",
      method: "POST",
      uri: "/",
      cnonce: "c1",
      nc: 1,
    });

    // Act
    const unauthenticated = await post(acs, junk);
    const decodedLinesBefore = messages(acs).filter((m) => m === "undecodable CWMP body").length;
    const authenticated = await post(acs, junk, authorized);

    // Assess
    assert.equal(unauthenticated, 401);
    assert.equal(decodedLinesBefore, 0, "the unauthenticated body was never decoded");
    assert.ok([400, 413].includes(authenticated), `authenticated junk: ${authenticated}`);
    assert.ok(messages(acs).includes("undecodable CWMP body"), "decoding does log");
  });

  it("answers 401 from the headers alone: the announced 2 MB body is never waited for", async () => {
    // Prepare: headers that announce a large body, which is never sent
    const connection = await openRawHttpConnection(acs.cwmpUrl);

    try {
      // Act
      connection.send(
        "POST / HTTP/1.1\r\nHost: acs\r\nContent-Type: text/xml\r\nContent-Length: 2097152\r\n\r\n",
      );
      const response = await connection.response(1, 5_000);

      // Assess: refused before the body (a server that read it first would wait forever)
      assert.equal(response.status, 401);
      assert.match(response.headers["www-authenticate"] ?? "", /Digest/);
      await connection.closed(5_000);
    } finally {
      connection.destroy();
    }
  });

  it("accepts an Authorization once: the identical header again is 401", async () => {
    // Prepare
    const authorization = buildAuthorization({
      challenge: await challenge(acs, "SHA-256"),
      username: "fleet",
      password: "fleet-pass",
      method: "POST",
      uri: "/",
      cnonce: "c2",
      nc: 1,
    });

    // Act
    const first = await post(acs, informXml("R1"), authorization);
    const replay = await post(acs, informXml("R1"), authorization);

    // Assess
    assert.deepEqual([first, replay], [200, 401]);
    assert.ok(messages(acs).includes("digest replay refused"));
  });

  it("refuses an answer computed for another uri, or none", async () => {
    const answer = async (uri: string) =>
      buildAuthorization({
        challenge: await challenge(acs),
        username: "fleet",
        password: "fleet-pass",
        method: "POST",
        uri,
        cnonce: "c3",
        nc: 1,
      });
    assert.equal(await post(acs, informXml("U1"), await answer("/other")), 401);
    assert.equal(await post(acs, informXml("U1"), await answer("")), 401);
    assert.equal((await acs.api("GET", "/devices/00D09E-HGW-U1")).status, 404, "nothing written");
  });

  it("offers SHA-256 first, and a simulated CPE completes a session with it", async () => {
    // Prepare
    const offered = parseChallenge(
      (await fetch(acs.cwmpUrl, { method: "POST", body: "" })).headers.get("www-authenticate") ??
        "",
    );
    const put = await acs.api("PUT", "/cpe-credentials/cpe-sha", {
      body: { password: "sha-256 password", deviceId: "00D09E-HGW-H1" },
    });

    // Act
    const result = await simulatorSession(acs, "H1", {
      username: "cpe-sha",
      password: "sha-256 password",
    });

    // Assess
    assert.deepEqual(
      offered.map((c) => c.scheme === "Digest" && c.algorithm),
      ["SHA-256", "MD5"],
    );
    assert.equal(put.status, 200);
    assert.equal(result.kind, "completed", JSON.stringify(result));
  });

  it("keeps the shared credential out of a device that has its own", async () => {
    // Prepare: the device's own credential, provisioned before its first Inform
    await acs.api("PUT", "/cpe-credentials/cpe-own", {
      body: { password: "own password", deviceId: "00D09E-HGW-O1" },
    });

    // Act
    const asShared = await simulatorSession(acs, "O1", {
      username: "fleet",
      password: "fleet-pass",
    });
    const asItself = await simulatorSession(acs, "O1", {
      username: "cpe-own",
      password: "own password",
    });
    const sharedElsewhere = await simulatorSession(acs, "O2", {
      username: "fleet",
      password: "fleet-pass",
    });

    // Assess
    assert.equal(asShared.kind, "failed");
    assert.equal(asItself.kind, "completed", JSON.stringify(asItself));
    assert.equal(sharedElsewhere.kind, "completed", "other devices keep the shared credential");
  });

  it("refuses a per-device credential named like the shared one", async () => {
    const put = await acs.api("PUT", "/cpe-credentials/fleet", {
      body: { password: "long enough", deviceId: "00D09E-HGW-F1" },
    });
    assert.equal(put.status, 409);
    assert.equal(put.body.error, "conflict");
    assert.match(put.body.message, /shared CPE username/);
  });

  it("refuses answers without qop by default", async () => {
    const result = await simulatorSession(
      acs,
      "L1",
      { username: "fleet", password: "fleet-pass" },
      { digestWithoutQop: true },
    );
    assert.equal(result.kind, "failed");
  });
});

describe("CPE authentication, ACS_CPE_DIGEST_LEGACY=true and SHA-256 only (local ACS)", () => {
  let acs: LocalAcsHarness;
  before(async () => {
    acs = await startLocalAcsHarness({
      ...shared,
      ACS_CPE_DIGEST_LEGACY: "true",
      ACS_CPE_DIGEST_ALGORITHMS: "SHA-256",
    });
  });
  after(async () => acs.stop());

  it("lets an agent answering without qop in, and logs each such answer", async () => {
    // Act
    const legacy = await simulatorSession(
      acs,
      "L2",
      { username: "fleet", password: "fleet-pass" },
      { digestWithoutQop: true },
    );

    // Assess
    assert.equal(legacy.kind, "completed", JSON.stringify(legacy));
    assert.ok(messages(acs).includes("digest answer without qop accepted"));
  });

  it("completes a session with an ACS that offers SHA-256 alone", async () => {
    const result = await simulatorSession(acs, "H2", { username: "fleet", password: "fleet-pass" });
    assert.equal(result.kind, "completed", JSON.stringify(result));
  });
});
