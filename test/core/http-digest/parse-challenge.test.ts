import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import {
  ChallengeParseError,
  type DigestChallenge,
  formatChallenge,
  parseChallenge,
} from "../../../functions/core/http-digest/index.ts";

describe("parseChallenge", () => {
  it("reads a standard RFC 7616 challenge", () => {
    // Prepare
    const header =
      'Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=SHA-256, ' +
      'nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"';

    // Act
    const challenges = parseChallenge(header);

    // Assess
    assert.deepEqual(challenges, [
      {
        scheme: "Digest",
        realm: "http-auth@example.org",
        nonce: "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v",
        opaque: "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS",
        algorithm: "SHA-256",
        qop: ["auth", "auth-int"],
        stale: false,
        domain: undefined,
        userhash: false,
      },
    ]);
  });

  it("reads several challenges of different schemes in order", () => {
    // Prepare
    const header =
      'Digest realm="a", nonce="n1", algorithm=SHA-256, qop="auth", Digest realm="a", nonce="n2", ' +
      'algorithm=MD5, qop="auth", Basic realm="b"';

    // Act
    const challenges = parseChallenge(header);

    // Assess
    assert.deepEqual(
      challenges.map((c) => (c.scheme === "Digest" ? `${c.algorithm}:${c.nonce}` : c.scheme)),
      ["SHA-256:n1", "MD5:n2", "Basic"],
    );
  });

  const quirks: readonly (readonly [string, string, Partial<DigestChallenge>])[] = [
    [
      "no commas between fields",
      'Digest realm="cpe" nonce="abc" qop="auth" algorithm=MD5',
      { realm: "cpe", nonce: "abc", qop: ["auth"], algorithm: "MD5" },
    ],
    [
      "unquoted values and unquoted qop list",
      "Digest realm=cpe, nonce=YWJj/ZA==, qop=auth,auth-int, algorithm=md5-sess",
      { realm: "cpe", nonce: "YWJj/ZA==", qop: ["auth", "auth-int"], algorithm: "MD5-sess" },
    ],
    [
      "odd case and spacing",
      '  dIgEsT   REALM = "cpe" ,NONCE="x",,  QOP="AUTH" , Algorithm="sha-256-SESS"  ,STALE=TRUE',
      { realm: "cpe", nonce: "x", qop: ["auth"], algorithm: "SHA-256-sess", stale: true },
    ],
    [
      "no qop and no algorithm (RFC 2069)",
      'Digest realm="cpe", nonce="x"',
      { qop: [], algorithm: "MD5", stale: false, opaque: undefined },
    ],
    [
      "escaped quotes inside a quoted value",
      'Digest realm="the \\"cpe\\" realm", nonce="x", opaque="o\\\\p"',
      { realm: 'the "cpe" realm', opaque: "o\\p" },
    ],
    [
      "unknown parameters and qop tokens ignored",
      'Digest realm="cpe", foo="bar", nonce="x", qop="auth,token-x", charset=UTF-8',
      { qop: ["auth"], nonce: "x" },
    ],
    ["tab separators", 'Digest\trealm="cpe"\tnonce="x"', { realm: "cpe", nonce: "x" }],
  ];
  for (const [name, header, expected] of quirks) {
    it(`tolerates CPE quirk: ${name}`, () => {
      // Act
      const [challenge] = parseChallenge(header);

      // Assess
      assert.equal(challenge?.scheme, "Digest");
      for (const [key, value] of Object.entries(expected)) {
        assert.deepEqual((challenge as unknown as Record<string, unknown>)[key], value, key);
      }
    });
  }

  it("separates a no-comma Digest challenge from a following Basic challenge", () => {
    // Act
    const challenges = parseChallenge('Digest realm="d" nonce="x" Basic realm="b"');

    // Assess
    assert.deepEqual(
      challenges.map((c) => c.scheme),
      ["Digest", "Basic"],
    );
    assert.deepEqual(challenges[1], { scheme: "Basic", realm: "b" });
  });

  it("keeps unknown schemes and unusable Digest challenges as Unsupported", () => {
    // Act
    const challenges = parseChallenge(
      'Negotiate abc==, Digest realm="a", nonce="n", algorithm=SHA-1, Digest realm="a", ' +
        'nonce="n", qop="auth-conf", Digest realm="a"',
    );

    // Assess
    assert.deepEqual(challenges, [
      { scheme: "Unsupported", name: "Negotiate", reason: "unknown-scheme" },
      { scheme: "Unsupported", name: "Digest", reason: "unknown-algorithm" },
      { scheme: "Unsupported", name: "Digest", reason: "unknown-qop" },
      { scheme: "Unsupported", name: "Digest", reason: "missing-nonce" },
    ]);
  });

  const garbage = ["", "   ,  ", 'Digest realm="unterminated', "Digest realm=x, @@@", "=foo"];
  for (const header of garbage) {
    it(`throws ChallengeParseError for ${JSON.stringify(header)}`, () => {
      // Act + Assess
      assert.throws(() => parseChallenge(header), ChallengeParseError);
    });
  }

  it("reads back every challenge formatChallenge writes, with or without commas", () => {
    // Prepare
    const text = fc.string({ minLength: 1, maxLength: 20 });
    const challenge = fc
      .record({
        scheme: fc.constant("Digest" as const),
        realm: text,
        nonce: fc.stringMatching(/^[A-Za-z0-9+/=]{1,40}$/),
        opaque: fc.option(text, { nil: undefined }),
        algorithm: fc.constantFrom(
          "MD5",
          "MD5-sess",
          "SHA-256",
          "SHA-256-sess",
          "SHA-512-256",
          "SHA-512-256-sess",
        ),
        qop: fc.constantFrom([], ["auth"], ["auth", "auth-int"], ["auth-int"]),
        stale: fc.boolean(),
        domain: fc.option(text, { nil: undefined }),
        userhash: fc.boolean(),
      })
      // fast-check builds null-prototype records; the parser returns plain objects.
      .map((record) => ({ ...record }) as DigestChallenge);

    // Act + Assess
    fc.assert(
      fc.property(challenge, fc.constantFrom(", " as const, " " as const), (c, separator) => {
        assert.deepEqual(parseChallenge(formatChallenge(c, { separator })), [c]);
      }),
    );
  });
});
