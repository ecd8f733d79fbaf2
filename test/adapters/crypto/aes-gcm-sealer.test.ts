import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { describe, it } from "node:test";
import { createAesGcmSealer } from "../../../functions/adapters/crypto/aes-gcm-sealer.ts";
import { secretContext } from "../../../functions/core/provisioning/secret-context.ts";
import { SecretUnreadableError } from "../../../functions/port-errors.ts";

const key = new Uint8Array(32).map((_, index) => index);
const sealer = createAesGcmSealer(key);
const context = secretContext("00D09E-HGW-S1", "xmppPassword");

/** Fails unless `action` throws a SecretUnreadableError for `expected` context. */
function assertUnreadable(action: () => unknown, expected = context) {
  assert.throws(action, (error: unknown) => {
    assert.ok(error instanceof SecretUnreadableError, String(error));
    assert.equal(error.context, expected);
    return true;
  });
}

/** Flips one bit of one base64url part (index 1: IV, 2: ciphertext, 3: tag). */
function tamper(sealed: string, part: number): string {
  const parts = sealed.split(".");
  const bytes = Buffer.from(parts[part] ?? "", "base64url");
  bytes[0] = (bytes[0] ?? 0) ^ 1;
  parts[part] = bytes.toString("base64url");
  return parts.join(".");
}

describe("createAesGcmSealer", () => {
  it("opens what it sealed, unicode and empty strings included", () => {
    for (const plain of ["s3cret", "pässwörd ✓ 密码", "", "x".repeat(1_000)]) {
      assert.equal(sealer.open(sealer.seal(plain, context), context), plain);
    }
  });

  it("opens with a second sealer built from the same key", () => {
    const sealed = sealer.seal("s3cret", context);
    assert.equal(createAesGcmSealer(Uint8Array.from(key)).open(sealed, context), "s3cret");
  });

  it("writes v1.<iv>.<ciphertext>.<tag> without the plain text", () => {
    const sealed = sealer.seal("s3cret-value", context);
    const parts = sealed.split(".");
    assert.equal(parts.length, 4);
    assert.equal(parts[0], "v1");
    assert.equal(Buffer.from(parts[1] ?? "", "base64url").length, 12, "96-bit IV");
    assert.equal(Buffer.from(parts[2] ?? "", "base64url").length, "s3cret-value".length);
    assert.equal(Buffer.from(parts[3] ?? "", "base64url").length, 16, "128-bit tag");
    assert.ok(!sealed.includes("s3cret"));
  });

  it("uses a fresh IV each time, so one value seals differently", () => {
    const sealed = Array.from({ length: 20 }, () => sealer.seal("same", context));
    assert.equal(new Set(sealed).size, sealed.length);
    assert.equal(new Set(sealed.map((s) => s.split(".")[1])).size, sealed.length);
  });

  it("refuses to open under another context (device or field)", () => {
    const sealed = sealer.seal("s3cret", context);
    const otherDevice = secretContext("00D09E-HGW-S2", "xmppPassword");
    const otherField = secretContext("00D09E-HGW-S1", "crPassword");
    assertUnreadable(() => sealer.open(sealed, otherDevice), otherDevice);
    assertUnreadable(() => sealer.open(sealed, otherField), otherField);
  });

  it("refuses to open with another key", () => {
    const sealed = sealer.seal("s3cret", context);
    assertUnreadable(() => createAesGcmSealer(randomBytes(32)).open(sealed, context));
  });

  it("refuses a tampered IV, ciphertext or tag", () => {
    const sealed = sealer.seal("s3cret", context);
    for (const part of [1, 2, 3])
      assertUnreadable(() => sealer.open(tamper(sealed, part), context));
  });

  it("refuses a truncated tag (GCM must check all 128 bits, NIST SP 800-38D 5.2.1.2)", () => {
    const sealed = sealer.seal("s3cret", context);
    const [version, iv, data, tag] = sealed.split(".");
    const full = Buffer.from(tag ?? "", "base64url");
    for (const length of [4, 8, 12, 15]) {
      const short = full.subarray(0, length).toString("base64url");
      assertUnreadable(() => sealer.open([version, iv, data, short].join("."), context));
    }
  });

  it("keeps the cause of a failed authentication", () => {
    const sealed = sealer.seal("s3cret", context);
    try {
      sealer.open(tamper(sealed, 3), context);
      assert.fail("opened a tampered value");
    } catch (error) {
      assert.ok(error instanceof SecretUnreadableError);
      assert.ok(error.cause instanceof Error);
    }
  });

  it("refuses malformed strings", () => {
    const sealed = sealer.seal("s3cret", context);
    const [, iv, data, tag] = sealed.split(".");
    for (const bad of [
      "",
      "plain text",
      "v1",
      `v1.${iv}.${data}`,
      `v2.${iv}.${data}.${tag}`,
      `v1..${data}.${tag}`,
      `v1.${iv}.${data}.`,
      `v1.${iv}.${data}.${tag?.slice(0, 4)}`,
    ]) {
      assertUnreadable(() => sealer.open(bad, context));
    }
  });

  it("rejects a key that is not 32 bytes", () => {
    for (const length of [0, 16, 24, 31, 33, 64]) {
      assert.throws(() => createAesGcmSealer(new Uint8Array(length)), RangeError, String(length));
    }
  });
});
