import assert from "node:assert/strict";
import { createHash, createHmac } from "node:crypto";
import { describe, it } from "node:test";
import {
  deriveScramSha1Keys,
  parseServerFirstMessage,
} from "../../../functions/adapters/xmpp/scram-keys.ts";

// The SCRAM-SHA-1 exchange of RFC 5802 section 5.
const clientFirstBare = "n=user,r=fyko+d2lbbFgONRv9qkxdawL";
const serverFirst = "r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096";
const clientFinalBare = "c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j";

function xor(a: Uint8Array, b: Uint8Array): Buffer {
  return Buffer.from(a.map((byte, i) => byte ^ (b[i] ?? 0)));
}

describe("parseServerFirstMessage", () => {
  it("reads salt and iteration count", () => {
    const parsed = parseServerFirstMessage(serverFirst);
    assert.equal(parsed?.iterations, 4096);
    assert.equal(Buffer.from(parsed?.salt ?? []).toString("base64"), "QSXCR+Q6sek8bf92");
  });

  it("rejects a message without salt or with a bad count", () => {
    assert.equal(parseServerFirstMessage("r=abc,i=4096"), undefined);
    assert.equal(parseServerFirstMessage("r=abc,s=QSXC,i=zero"), undefined);
  });
});

describe("deriveScramSha1Keys", () => {
  it("reproduces the client proof and server signature of RFC 5802", () => {
    // Prepare
    const parsed = parseServerFirstMessage(serverFirst);
    assert.ok(parsed);
    const authMessage = `${clientFirstBare},${serverFirst},${clientFinalBare}`;
    // Act
    const { clientKey, serverKey } = deriveScramSha1Keys("pencil", parsed.salt, parsed.iterations);
    // Assess
    const storedKey = createHash("sha1").update(clientKey).digest();
    const clientSignature = createHmac("sha1", storedKey).update(authMessage).digest();
    const serverSignature = createHmac("sha1", serverKey).update(authMessage).digest();
    assert.equal(
      xor(clientKey, clientSignature).toString("base64"),
      "v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=",
    );
    assert.equal(serverSignature.toString("base64"), "rmF9pqV8S7suAoZWja4dJRkFsKQ=");
  });
});
