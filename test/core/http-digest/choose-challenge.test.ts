import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { chooseChallenge, parseChallenge } from "../../../functions/core/http-digest/index.ts";

describe("chooseChallenge", () => {
  it("prefers SHA-256 over MD5 whatever the order", () => {
    // Prepare
    const challenges = parseChallenge(
      'Digest realm="r", nonce="md5", algorithm=MD5, Digest realm="r", nonce="sha", algorithm=SHA-256',
    );

    // Act
    const chosen = chooseChallenge(challenges);

    // Assess
    assert.equal(chosen?.scheme === "Digest" && chosen.nonce, "sha");
  });

  it("keeps the first of equally strong challenges", () => {
    // Prepare
    const challenges = parseChallenge('Digest realm="r", nonce="a", Digest realm="r", nonce="b"');

    // Act
    const chosen = chooseChallenge(challenges);

    // Assess
    assert.equal(chosen?.scheme === "Digest" && chosen.nonce, "a");
  });

  it("ignores Basic unless allowed, and prefers Digest even then", () => {
    // Prepare
    const basicOnly = parseChallenge('Basic realm="b"');
    const both = parseChallenge('Basic realm="b", Digest realm="r", nonce="n"');

    // Act
    const refused = chooseChallenge(basicOnly);
    const allowed = chooseChallenge(basicOnly, { allowBasic: true });
    const preferred = chooseChallenge(both, { allowBasic: true });

    // Assess
    assert.equal(refused, undefined);
    assert.deepEqual(allowed, { scheme: "Basic", realm: "b" });
    assert.equal(preferred?.scheme, "Digest");
  });

  it("returns undefined when only unsupported challenges are offered", () => {
    // Act
    const chosen = chooseChallenge(
      parseChallenge('Negotiate, Digest realm="r", nonce="n", algorithm=SHA-1'),
    );

    // Assess
    assert.equal(chosen, undefined);
  });
});
