import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createCwmpCodec } from "../../functions/core/cwmp/cwmp-codec.ts";
import { buildAuthorization } from "../../functions/core/http-digest/build-authorization.ts";
import { parseChallenge } from "../../functions/core/http-digest/parse-challenge.ts";
import { type LocalAcsHarness, startLocalAcsHarness } from "../support/local-acs-harness.ts";

/** CPE authentication with per-device credentials (provisioned through the API) and Basic. */
const codec = createCwmpCodec();

function inform(serial: string): string {
  return codec.encodeCpeMessage({
    cwmpNamespace: "urn:dslforum-org:cwmp-1-0",
    header: { id: "1" },
    body: {
      method: "Inform",
      deviceId: { manufacturer: "Acme", oui: "00D09E", productClass: "HGW", serialNumber: serial },
      event: [{ eventCode: "0 BOOTSTRAP", commandKey: "" }],
      maxEnvelopes: 1,
      currentTime: "2026-11-24T10:00:00Z",
      retryCount: 0,
      parameterList: [],
    },
  });
}

async function informWithDigest(
  acs: LocalAcsHarness,
  serial: string,
  username: string,
  password: string,
) {
  const challenge = await fetch(acs.cwmpUrl, { method: "POST", body: inform(serial) });
  await challenge.text();
  assert.equal(challenge.status, 401);
  const [digest] = parseChallenge(challenge.headers.get("www-authenticate") ?? "");
  assert.ok(digest?.scheme === "Digest");
  const authorization = buildAuthorization({
    challenge: digest,
    username,
    password,
    method: "POST",
    uri: "/",
    cnonce: "c0ffee",
    nc: 1,
  });
  const response = await fetch(acs.cwmpUrl, {
    method: "POST",
    headers: { authorization },
    body: inform(serial),
  });
  await response.text();
  return response.status;
}

describe("per-device CPE credentials (digest)", () => {
  let acs: LocalAcsHarness;
  before(async () => {
    acs = await startLocalAcsHarness({ ACS_CPE_AUTH: "digest" });
  });
  after(async () => acs.stop());

  it("lets a device in with the credentials provisioned for it, and only that device", async () => {
    const put = await acs.api("PUT", "/cpe-credentials/cpe-s1", {
      body: { password: "correct horse", deviceId: "00D09E-HGW-S1" },
    });
    assert.equal(put.status, 200, JSON.stringify(put.body));
    assert.equal(await informWithDigest(acs, "S1", "cpe-s1", "correct horse"), 200);
    assert.equal(await informWithDigest(acs, "S2", "cpe-s1", "correct horse"), 401, "bound to S1");
    assert.equal(await informWithDigest(acs, "S1", "cpe-s1", "wrong horse"), 401);
  });

  it("validates the credential body and forgets a deleted one", async () => {
    const bad = await acs.api("PUT", "/cpe-credentials/cpe-s1", {
      body: { password: "short", deviceId: "nope" },
    });
    assert.deepEqual(bad.body.issues.map((i: { field: string }) => i.field).sort(), [
      "body.deviceId",
      "body.password",
    ]);
    assert.equal((await acs.api("DELETE", "/cpe-credentials/cpe-s1")).status, 200);
    assert.equal((await acs.api("DELETE", "/cpe-credentials/cpe-s1")).status, 404);
    assert.equal(await informWithDigest(acs, "S1", "cpe-s1", "correct horse"), 401);
  });
});

describe("shared CPE credentials (basic)", () => {
  let acs: LocalAcsHarness;
  before(async () => {
    acs = await startLocalAcsHarness({
      ACS_CPE_AUTH: "basic",
      ACS_CPE_USERNAME: "fleet",
      ACS_CPE_PASSWORD: "fleet-pass",
    });
  });
  after(async () => acs.stop());

  it("accepts the right Basic credentials and challenges the rest", async () => {
    const basic = (user: string, pass: string) =>
      `Basic ${Buffer.from(`${user}:${pass}`).toString("base64")}`;
    const ok = await fetch(acs.cwmpUrl, {
      method: "POST",
      headers: { authorization: basic("fleet", "fleet-pass") },
      body: inform("B1"),
    });
    await ok.text();
    assert.equal(ok.status, 200);
    const denied = await fetch(acs.cwmpUrl, {
      method: "POST",
      headers: { authorization: basic("fleet", "nope") },
      body: inform("B2"),
    });
    await denied.text();
    assert.equal(denied.status, 401);
    assert.equal(denied.headers.get("www-authenticate"), 'Basic realm="acs"');
    assert.equal((await acs.api("GET", "/devices/00D09E-HGW-B2")).status, 404, "nothing written");
  });
});
