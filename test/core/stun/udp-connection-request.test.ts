import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { describe, it } from "node:test";
import {
  buildUdpConnectionRequest,
  parseUdpConnectionRequest,
  verifyUdpConnectionRequest,
} from "../../../functions/core/stun/udp-connection-request.ts";

const fields = { ts: 1_700_000_000, id: "cr-1", un: "cruser", cn: "nonce42" };
const datagram = buildUdpConnectionRequest({
  address: "198.51.100.7:45000",
  password: "crpass",
  fields,
});
const verify = (overrides: Partial<Parameters<typeof verifyUdpConnectionRequest>[0]> = {}) =>
  verifyUdpConnectionRequest({
    datagram,
    username: "cruser",
    password: "crpass",
    nowSeconds: fields.ts + 5,
    maxSkewSeconds: 30,
    seenIds: new Set(),
    ...overrides,
  });

describe("buildUdpConnectionRequest", () => {
  it("writes a GET request line with ts, id, un, cn and the HMAC-SHA1 sig, and a Host header", () => {
    // Prepare: TR-069 Annex G: sig is hex HMAC-SHA1(password, ts+id+un+cn), computed independently here.
    const sig = createHmac("sha1", "crpass").update("1700000000cr-1crusernonce42").digest("hex");
    // Assess
    assert.equal(
      datagram,
      `GET http://198.51.100.7:45000?ts=1700000000&id=cr-1&un=cruser&cn=nonce42&sig=${sig} HTTP/1.1\r\nHost: 198.51.100.7:45000\r\n\r\n`,
    );
    assert.equal(parseUdpConnectionRequest(datagram).sig, sig);
  });
});

describe("verifyUdpConnectionRequest", () => {
  it("accepts a fresh, correctly signed, unseen request", () => {
    assert.deepEqual(verify(), { kind: "accepted", id: "cr-1" });
  });
  it("rejects a wrong password, a stale ts, a seen id, another username and garbage", () => {
    assert.deepEqual(verify({ password: "other" }), { kind: "rejected", reason: "bad-signature" });
    assert.deepEqual(verify({ nowSeconds: fields.ts + 31 }), { kind: "rejected", reason: "stale" });
    assert.deepEqual(verify({ seenIds: new Set(["cr-1"]) }), {
      kind: "rejected",
      reason: "replayed",
    });
    assert.deepEqual(verify({ username: "someone" }), {
      kind: "rejected",
      reason: "wrong-username",
    });
    assert.deepEqual(verify({ datagram: "hello" }), { kind: "rejected", reason: "malformed" });
  });
});
