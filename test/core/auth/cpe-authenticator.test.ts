import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  basicMatches,
  createCpeAuthenticator,
  md5Ha1,
} from "../../../functions/core/auth/cpe-authenticator.ts";
import { buildAuthorization } from "../../../functions/core/http-digest/build-authorization.ts";
import { parseChallenge } from "../../../functions/core/http-digest/parse-challenge.ts";

const auth = createCpeAuthenticator({
  mode: "digest",
  realm: "acs",
  nonceSecret: "s3cret",
  nonceLifetimeMs: 60_000,
});

function answer(challengeAt: number, password: string, uri = "/"): string {
  const [challenge] = parseChallenge(auth.challenge(challengeAt));
  assert.ok(challenge?.scheme === "Digest");
  return buildAuthorization({
    challenge,
    username: "cpe",
    password,
    method: "POST",
    uri,
    cnonce: "abc",
    nc: 1,
  });
}

function check(header: string, now: number, password: string): string {
  const claim = auth.claim(header, "POST", now);
  assert.equal(claim.kind, "digest");
  return claim.kind === "digest" ? claim.check({ kind: "password", password }) : "n/a";
}

describe("createCpeAuthenticator (digest, stateless nonces)", () => {
  it("accepts the right password on any instance holding the secret", () => {
    assert.equal(check(answer(1000, "pw"), 2000, "pw"), "ok");
  });

  it("rejects a wrong password", () => {
    assert.equal(check(answer(1000, "nope"), 2000, "pw"), "wrong");
  });

  it("calls an old nonce stale so the CPE retries without prompting", () => {
    assert.equal(check(answer(1000, "pw"), 1000 + 61_000, "pw"), "stale");
  });

  it("rejects a nonce signed with another secret", () => {
    const other = createCpeAuthenticator({ mode: "digest", realm: "acs", nonceSecret: "other" });
    const [challenge] = parseChallenge(other.challenge(1000));
    assert.ok(challenge?.scheme === "Digest");
    const header = buildAuthorization({
      challenge,
      username: "cpe",
      password: "pw",
      method: "POST",
      uri: "/",
      cnonce: "c",
      nc: 1,
    });
    assert.equal(check(header, 2000, "pw"), "wrong");
  });

  it("reads Basic credentials and reports missing or malformed ones", () => {
    const basic = auth.claim(`Basic ${Buffer.from("cpe:pw").toString("base64")}`, "POST", 0);
    assert.deepEqual(basic, { kind: "basic", username: "cpe", password: "pw" });
    assert.equal(auth.claim(undefined, "POST", 0).kind, "none");
    assert.equal(auth.claim("Digest garbage", "POST", 0).kind, "malformed");
  });
});

describe("stored HA1 instead of the password", () => {
  const ha1 = { kind: "ha1-md5", ha1: md5Ha1("cpe", "acs", "pw") } as const;

  it("verifies MD5 digest from HA1 alone", () => {
    const claim = auth.claim(answer(1000, "pw"), "POST", 2000);
    assert.equal(claim.kind === "digest" && claim.check(ha1), "ok");
    const wrong = auth.claim(answer(1000, "nope"), "POST", 2000);
    assert.equal(wrong.kind === "digest" && wrong.check(ha1), "wrong");
  });

  it("verifies Basic from HA1 alone", () => {
    assert.equal(basicMatches(ha1, "cpe", "acs", "pw"), true);
    assert.equal(basicMatches(ha1, "cpe", "acs", "pw2"), false);
    assert.equal(basicMatches({ kind: "password", password: "pw" }, "cpe", "acs", "pw"), true);
  });
});
