import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { base64Url, codeChallenge, createCodeVerifier } from "../../functions/console/ui/pkce.ts";

/** RFC 7636 appendix B: the 32 octets, the verifier they encode to, and its S256 challenge. */
const appendixB = {
  octets: [
    116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186, 22, 212, 37, 77,
    105, 214, 191, 240, 91, 88, 5, 88, 83, 132, 141, 121,
  ],
  verifier: "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk",
  challenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
};

describe("PKCE (RFC 7636)", () => {
  describe("createCodeVerifier", () => {
    it("encodes 32 random octets as the appendix B verifier", () => {
      // Prepare
      const requested: number[] = [];
      const randomBytes = (length: number) => {
        requested.push(length);
        return Uint8Array.from(appendixB.octets);
      };
      // Act
      const verifier = createCodeVerifier(randomBytes);
      // Assess
      assert.deepEqual(requested, [32]);
      assert.equal(verifier, appendixB.verifier);
      assert.match(verifier, /^[A-Za-z0-9._~-]{43,128}$/);
    });
  });

  describe("codeChallenge", () => {
    it("gives the appendix B S256 challenge of the appendix B verifier", async () => {
      // Act
      const challenge = await codeChallenge(appendixB.verifier, crypto.subtle);
      // Assess
      assert.equal(challenge, appendixB.challenge);
    });
  });

  describe("base64Url", () => {
    it("uses - and _ and drops the padding", () => {
      // Act
      const encoded = base64Url(Uint8Array.from([0xfb, 0xff, 0xbf, 0xff]));
      // Assess
      assert.equal(encoded, "-_-__w");
    });
  });
});
