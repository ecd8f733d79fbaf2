import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  basicMatches,
  type CpeAuthenticatorOptions,
  type CpeSecret,
  cpeHa1,
  createCpeAuthenticator,
  type DigestCheck,
  uriNamesPath,
} from "../../../functions/core/auth/cpe-authenticator.ts";
import { buildAuthorization } from "../../../functions/core/http-digest/build-authorization.ts";
import { parseChallenge } from "../../../functions/core/http-digest/parse-challenge.ts";
import type {
  DigestAlgorithm,
  DigestChallenge,
} from "../../../functions/core/http-digest/types.ts";

const options: CpeAuthenticatorOptions = {
  mode: "digest",
  realm: "acs",
  nonceSecret: "s3cret",
  nonceLifetimeMs: 60_000,
};
const auth = createCpeAuthenticator(options);
const post = { method: "POST", path: "/" };
const password: CpeSecret = { kind: "password", password: "pw" };

function challengeFor(
  algorithm: DigestAlgorithm,
  at: number,
  authenticator = auth,
): DigestChallenge {
  const found = parseChallenge(authenticator.challenge(at)).find(
    (challenge): challenge is DigestChallenge =>
      challenge.scheme === "Digest" && challenge.algorithm === algorithm,
  );
  assert.ok(found, `a ${algorithm} challenge`);
  return found;
}

function answer(
  options: {
    at?: number;
    password?: string;
    uri?: string;
    algorithm?: DigestAlgorithm;
    nc?: number;
    withoutQop?: boolean;
  } = {},
): string {
  const challenge = challengeFor(options.algorithm ?? "MD5", options.at ?? 1000);
  return buildAuthorization({
    challenge: options.withoutQop ? { ...challenge, qop: [] } : challenge,
    username: "cpe",
    password: options.password ?? "pw",
    method: "POST",
    uri: options.uri ?? "/",
    cnonce: "abc",
    nc: options.nc ?? 1,
  });
}

function check(
  header: string,
  now: number,
  secret: CpeSecret = password,
  authenticator = auth,
): DigestCheck {
  const claim = authenticator.claim(header, post, now);
  assert.equal(claim.kind, "digest");
  return claim.kind === "digest" ? claim.check(secret) : { kind: "wrong", reason: "forged-nonce" };
}

describe("createCpeAuthenticator (digest, stateless nonces)", () => {
  it("accepts the right password on any instance holding the secret, naming the nonce use", () => {
    // Act
    const result = check(answer({ nc: 3 }), 2000);

    // Assess
    assert.equal(result.kind, "ok");
    assert.ok(result.kind === "ok");
    assert.equal(result.use.nonceIssuedAt, 1000);
    assert.equal(result.use.nc, 3);
    assert.equal(result.withoutQop, false);
  });

  it("rejects a wrong password", () => {
    assert.deepEqual(check(answer({ password: "nope" }), 2000), {
      kind: "wrong",
      reason: "wrong-response",
    });
  });

  it("calls an old nonce stale so the CPE retries without prompting", () => {
    assert.deepEqual(check(answer(), 1000 + 61_000), { kind: "stale" });
  });

  it("rejects a nonce signed with another secret", () => {
    // Prepare
    const other = createCpeAuthenticator({ ...options, nonceSecret: "other" });
    const header = buildAuthorization({
      challenge: challengeFor("MD5", 1000, other),
      username: "cpe",
      password: "pw",
      method: "POST",
      uri: "/",
      cnonce: "c",
      nc: 1,
    });

    // Act, Assess
    assert.deepEqual(check(header, 2000), { kind: "wrong", reason: "forged-nonce" });
  });

  it("reads Basic credentials and reports missing or malformed ones", () => {
    const basic = auth.claim(`Basic ${Buffer.from("cpe:pw").toString("base64")}`, post, 0);
    assert.deepEqual(basic, { kind: "basic", username: "cpe", password: "pw" });
    assert.equal(auth.claim(undefined, post, 0).kind, "none");
    assert.equal(auth.claim("Digest garbage", post, 0).kind, "malformed");
  });
});

describe("the digest uri names the request path", () => {
  it("refuses an answer computed for another uri, or for an empty one", () => {
    assert.deepEqual(check(answer({ uri: "/other" }), 2000), {
      kind: "wrong",
      reason: "uri-mismatch",
    });
    assert.deepEqual(check(answer({ uri: "" }), 2000), { kind: "wrong", reason: "uri-mismatch" });
  });

  it("accepts the path itself, with a query, or in absolute form", () => {
    assert.equal(uriNamesPath("/cwmp", "/cwmp"), true);
    assert.equal(uriNamesPath("/cwmp?x=1", "/cwmp"), true);
    assert.equal(uriNamesPath("https://acs.example:7547/cwmp", "/cwmp"), true);
    assert.equal(uriNamesPath("https://acs.example", "/"), true);
    assert.equal(uriNamesPath("/", "/cwmp"), false);
    assert.equal(uriNamesPath("https://acs.example/other", "/cwmp"), false);
  });
});

describe("answers without qop (RFC 2069)", () => {
  it("are refused unless the compatibility option is on", () => {
    assert.deepEqual(check(answer({ withoutQop: true }), 2000), {
      kind: "wrong",
      reason: "qop-required",
    });
  });

  it("are accepted and flagged with the option on (nc counts as 0)", () => {
    // Prepare
    const legacy = createCpeAuthenticator({ ...options, acceptWithoutQop: true });

    // Act
    const result = check(answer({ withoutQop: true }), 2000, password, legacy);

    // Assess
    assert.ok(result.kind === "ok");
    assert.equal(result.withoutQop, true);
    assert.equal(result.use.nc, 0);
  });
});

describe("SHA-256 and MD5 challenges (RFC 7616 section 3.7)", () => {
  it("offers SHA-256 first, then MD5, with one nonce", () => {
    // Act
    const challenges = parseChallenge(auth.challenge(1000));

    // Assess
    assert.deepEqual(
      challenges.map((c) => c.scheme === "Digest" && [c.algorithm, c.qop, c.realm]),
      [
        ["SHA-256", ["auth"], "acs"],
        ["MD5", ["auth"], "acs"],
      ],
    );
    const nonces = new Set(challenges.map((c) => c.scheme === "Digest" && c.nonce));
    assert.equal(nonces.size, 1);
  });

  it("offers only the configured algorithms, in their order", () => {
    const md5Only = createCpeAuthenticator({ ...options, algorithms: ["MD5"] });
    const offered = parseChallenge(md5Only.challenge(1000));
    assert.deepEqual(
      offered.map((c) => c.scheme === "Digest" && c.algorithm),
      ["MD5"],
    );
    const header = buildAuthorization({
      challenge: challengeFor("SHA-256", 1000),
      username: "cpe",
      password: "pw",
      method: "POST",
      uri: "/",
      cnonce: "c",
      nc: 1,
    });
    assert.deepEqual(check(header, 2000, password, md5Only), {
      kind: "wrong",
      reason: "algorithm-not-offered",
    });
  });

  it("verifies SHA-256 from the password and from a stored SHA-256 HA1", () => {
    const ha1 = { kind: "ha1", ...cpeHa1("cpe", "acs", "pw") } as const;
    assert.equal(check(answer({ algorithm: "SHA-256" }), 2000).kind, "ok");
    assert.equal(check(answer({ algorithm: "SHA-256" }), 2000, ha1).kind, "ok");
    assert.equal(check(answer({ algorithm: "SHA-256", password: "x" }), 2000, ha1).kind, "wrong");
  });

  it("asks for MD5 when the record predates SHA-256 (only the MD5 HA1)", () => {
    // Prepare
    const { md5 } = cpeHa1("cpe", "acs", "pw");
    const old: CpeSecret = { kind: "ha1", md5 };

    // Act, Assess
    assert.deepEqual(check(answer({ algorithm: "SHA-256" }), 2000, old), { kind: "md5-only" });
    assert.equal(check(answer({ algorithm: "MD5" }), 2000, old).kind, "ok");
  });
});

describe("stored HA1 instead of the password", () => {
  const ha1 = { kind: "ha1", ...cpeHa1("cpe", "acs", "pw") } as const;

  it("verifies MD5 digest from HA1 alone", () => {
    assert.equal(check(answer(), 2000, ha1).kind, "ok");
    assert.equal(check(answer({ password: "nope" }), 2000, ha1).kind, "wrong");
  });

  it("verifies Basic from HA1 alone", () => {
    assert.equal(basicMatches(ha1, "cpe", "acs", "pw"), true);
    assert.equal(basicMatches(ha1, "cpe", "acs", "pw2"), false);
    assert.equal(basicMatches({ kind: "password", password: "pw" }, "cpe", "acs", "pw"), true);
  });
});
