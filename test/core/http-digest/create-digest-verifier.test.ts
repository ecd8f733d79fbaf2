import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  buildAuthorization,
  createDigestVerifier,
  type DigestAlgorithm,
  type DigestChallenge,
  type DigestVerifierOptions,
  parseChallenge,
} from "../../../functions/core/http-digest/index.ts";

function setup(overrides: Partial<DigestVerifierOptions> = {}) {
  const clock = { now: 1_000_000 };
  let counter = 0;
  const verifier = createDigestVerifier({
    realm: "cpe",
    users: (name) => (name === "acs" ? "pw" : undefined),
    newNonce: () => `nonce-${++counter}`,
    now: () => clock.now,
    nonceLifetimeMs: 60_000,
    ...overrides,
  });
  const answer = (
    challenge: DigestChallenge,
    options: { password?: string; nc?: number; uri?: string } = {},
  ) =>
    buildAuthorization({
      challenge,
      username: "acs",
      password: options.password ?? "pw",
      method: "GET",
      uri: options.uri ?? "/cr",
      cnonce: "cn",
      nc: options.nc ?? 1,
    });
  return { clock, verifier, answer };
}

describe("createDigestVerifier", () => {
  const algorithms: readonly DigestAlgorithm[] = ["MD5", "MD5-sess", "SHA-256", "SHA-256-sess"];
  for (const algorithm of algorithms) {
    it(`accepts a correct ${algorithm} answer to its own challenge`, () => {
      // Prepare
      const { verifier, answer } = setup({ algorithm });
      const challenge = verifier.challenge();

      // Act
      const verdict = verifier.verify({
        authorization: answer(challenge),
        method: "GET",
        uri: "/cr",
      });

      // Assess
      assert.deepEqual(verdict, { kind: "accepted", username: "acs" });
    });
  }

  it("issues a parsable challenge header, without commas when asked", () => {
    // Prepare
    const { verifier } = setup({ algorithm: "SHA-256", opaque: "op" });

    // Act
    const header = verifier.challengeHeader({ separator: " " });

    // Assess
    assert.equal(header.includes(","), false);
    assert.deepEqual(parseChallenge(header), [
      {
        scheme: "Digest",
        realm: "cpe",
        nonce: "nonce-1",
        opaque: "op",
        algorithm: "SHA-256",
        qop: ["auth"],
        stale: false,
        domain: undefined,
        userhash: false,
      },
    ]);
  });

  const rejections = [
    ["missing", () => undefined],
    ["malformed", () => "Digest realm="],
    ["malformed", () => "Basic YWNzOnB3"],
    [
      "wrong-response",
      (c: DigestChallenge, a: ReturnType<typeof setup>["answer"]) => a(c, { password: "wrong" }),
    ],
    [
      "uri-mismatch",
      (c: DigestChallenge, a: ReturnType<typeof setup>["answer"]) => a(c, { uri: "/other" }),
    ],
    [
      "realm-mismatch",
      (c: DigestChallenge, a: ReturnType<typeof setup>["answer"]) =>
        a({ ...c, realm: "elsewhere" }),
    ],
    [
      "algorithm-mismatch",
      (c: DigestChallenge, a: ReturnType<typeof setup>["answer"]) =>
        a({ ...c, algorithm: "SHA-256" }),
    ],
    [
      "qop-mismatch",
      (c: DigestChallenge, a: ReturnType<typeof setup>["answer"]) => a({ ...c, qop: [] }),
    ],
    [
      "unknown-nonce",
      (c: DigestChallenge, a: ReturnType<typeof setup>["answer"]) =>
        a({ ...c, nonce: "never-issued" }),
    ],
  ] as const;
  for (const [reason, makeHeader] of rejections) {
    it(`rejects: ${reason}`, () => {
      // Prepare
      const { verifier, answer } = setup();
      const authorization = makeHeader(verifier.challenge(), answer);

      // Act
      const verdict = verifier.verify({ authorization, method: "GET", uri: "/cr" });

      // Assess
      assert.equal(verdict.kind === "rejected" && verdict.reason, reason);
    });
  }

  it("rejects an unknown user", () => {
    // Prepare
    const { verifier } = setup();
    const authorization = buildAuthorization({
      challenge: verifier.challenge(),
      username: "mallory",
      password: "pw",
      method: "GET",
      uri: "/cr",
      cnonce: "c",
      nc: 1,
    });

    // Act
    const verdict = verifier.verify({ authorization, method: "GET", uri: "/cr" });

    // Assess
    assert.deepEqual(verdict, { kind: "rejected", reason: "unknown-user", stale: false });
  });

  it("rejects a replayed nonce count and accepts a higher one", () => {
    // Prepare
    const { verifier, answer } = setup();
    const challenge = verifier.challenge();
    const request = (nc: number) => ({
      authorization: answer(challenge, { nc }),
      method: "GET",
      uri: "/cr",
    });
    verifier.verify(request(1));

    // Act
    const replay = verifier.verify(request(1));
    const next = verifier.verify(request(2));
    const older = verifier.verify(request(2));

    // Assess
    assert.deepEqual(replay, { kind: "rejected", reason: "replayed-nonce-count", stale: false });
    assert.equal(next.kind, "accepted");
    assert.equal(older.kind, "rejected");
  });

  it("answers an expired nonce with stale when the password was right", () => {
    // Prepare
    const { clock, verifier, answer } = setup();
    const challenge = verifier.challenge();
    clock.now += 60_001;

    // Act
    const right = verifier.verify({ authorization: answer(challenge), method: "GET", uri: "/cr" });
    const wrong = verifier.verify({
      authorization: answer(challenge, { password: "x" }),
      method: "GET",
      uri: "/cr",
    });

    // Assess
    assert.deepEqual(right, { kind: "rejected", reason: "expired-nonce", stale: true });
    assert.deepEqual(wrong, { kind: "rejected", reason: "wrong-response", stale: false });
  });

  it("remembers at most maxNonces nonces, forgetting the oldest", () => {
    // Prepare
    const { verifier, answer } = setup({ maxNonces: 2 });
    const oldest = verifier.challenge();
    const middle = verifier.challenge();
    verifier.challenge();

    // Act
    const forgotten = verifier.verify({ authorization: answer(oldest), method: "GET", uri: "/cr" });
    const kept = verifier.verify({ authorization: answer(middle), method: "GET", uri: "/cr" });

    // Assess
    assert.deepEqual(forgotten, { kind: "rejected", reason: "unknown-nonce", stale: true });
    assert.equal(kept.kind, "accepted");
  });

  it("in RFC 2069 mode accepts an answer without qop, once per nonce", () => {
    // Prepare
    const { verifier, answer } = setup({ qop: "none" });
    const challenge = verifier.challenge();
    assert.deepEqual(challenge.qop, []);
    const request = { authorization: answer(challenge), method: "GET", uri: "/cr" };

    // Act
    const first = verifier.verify(request);
    const again = verifier.verify(request);

    // Assess
    assert.equal(first.kind, "accepted");
    assert.equal(again.kind === "rejected" && again.reason, "replayed-nonce-count");
  });
});
