import assert from "node:assert/strict";
import { createCipheriv, randomBytes } from "node:crypto";
import { describe, it } from "node:test";
import {
  createAesGcmSealer,
  type SealingKeys,
} from "../../../functions/adapters/crypto/aes-gcm-sealer.ts";
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

/** Flips one bit of one base64url part (index 2: IV, 3: ciphertext, 4: tag). */
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

  it("writes v2.<keyId>.<iv>.<ciphertext>.<tag> without the plain text", () => {
    const sealed = sealer.seal("s3cret-value", context);
    const parts = sealed.split(".");
    assert.equal(parts.length, 5);
    assert.equal(parts[0], "v2");
    assert.equal(parts[1], "legacy", "a single key is the legacy key");
    assert.equal(Buffer.from(parts[2] ?? "", "base64url").length, 12, "96-bit IV");
    assert.equal(Buffer.from(parts[3] ?? "", "base64url").length, "s3cret-value".length);
    assert.equal(Buffer.from(parts[4] ?? "", "base64url").length, 16, "128-bit tag");
    assert.ok(!sealed.includes("s3cret"));
  });

  it("fingerprints a secret with a keyed digest: stable, per context, per key, never the plain text", () => {
    // Act
    const once = sealer.fingerprint("weakpass1", context);
    const again = createAesGcmSealer(key).fingerprint("weakpass1", context);
    const otherValue = sealer.fingerprint("weakpass2", context);
    const otherContext = sealer.fingerprint("weakpass1", `${context}x`);
    const otherKey = createAesGcmSealer(new Uint8Array(32).fill(9)).fingerprint(
      "weakpass1",
      context,
    );

    // Assess
    assert.equal(once, again);
    assert.equal(new Set([once, otherValue, otherContext, otherKey]).size, 4);
    assert.ok(!once.includes("weakpass1"));
  });

  it("uses a fresh IV each time, so one value seals differently", () => {
    const sealed = Array.from({ length: 20 }, () => sealer.seal("same", context));
    assert.equal(new Set(sealed).size, sealed.length);
    assert.equal(new Set(sealed.map((s) => s.split(".")[2])).size, sealed.length);
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
    for (const part of [2, 3, 4])
      assertUnreadable(() => sealer.open(tamper(sealed, part), context));
  });

  it("refuses a truncated tag (GCM must check all 128 bits, NIST SP 800-38D 5.2.1.2)", () => {
    const sealed = sealer.seal("s3cret", context);
    const [version, keyId, iv, data, tag] = sealed.split(".");
    const full = Buffer.from(tag ?? "", "base64url");
    for (const length of [4, 8, 12, 15]) {
      const short = full.subarray(0, length).toString("base64url");
      assertUnreadable(() => sealer.open([version, keyId, iv, data, short].join("."), context));
    }
  });

  it("keeps the cause of a failed authentication", () => {
    const sealed = sealer.seal("s3cret", context);
    try {
      sealer.open(tamper(sealed, 4), context);
      assert.fail("opened a tampered value");
    } catch (error) {
      assert.ok(error instanceof SecretUnreadableError);
      assert.ok(error.cause instanceof Error);
    }
  });

  it("refuses malformed strings", () => {
    const sealed = sealer.seal("s3cret", context);
    const [, , iv, data, tag] = sealed.split(".");
    for (const bad of [
      "",
      "plain text",
      "v1",
      `v1.${iv}.${data}`,
      `v2.${iv}.${data}.${tag}`,
      `v2.legacy.${iv}.${data}`,
      `v2..${iv}.${data}.${tag}`,
      `v2.other.${iv}.${data}.${tag}`,
      `v3.legacy.${iv}.${data}.${tag}`,
      `v1..${data}.${tag}`,
      `v1.${iv}.${data}.`,
      `v1.${iv}.${data}.${tag?.slice(0, 4)}`,
      `v1.legacy.${iv}.${data}.${tag}`,
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

/** A value in the format written before key ids: `v1.<iv>.<ciphertext>.<tag>`. */
function sealV1(secret: Uint8Array, plain: string, aad: string): string {
  const iv = Buffer.alloc(12, 7);
  const cipher = createCipheriv("aes-256-gcm", secret, iv);
  cipher.setAAD(Buffer.from(aad, "utf8"));
  const data = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return ["v1", iv, data, cipher.getAuthTag()].map((p) => p.toString("base64url")).join(".");
}

describe("createAesGcmSealer with a key ring", () => {
  const keyA = new Uint8Array(32).fill(0xa);
  const keyB = new Uint8Array(32).fill(0xb);
  const ring = (currentId: string, keys: Record<string, Uint8Array>): SealingKeys => ({
    currentId,
    keys: new Map(Object.entries(keys)),
  });

  it("seals under the current key and names it in the value", () => {
    const sealer = createAesGcmSealer(ring("b", { a: keyA, b: keyB }));

    const sealed = sealer.seal("s3cret", context);

    assert.equal(sealed.split(".")[1], "b");
    assert.equal(createAesGcmSealer(ring("b", { b: keyB })).open(sealed, context), "s3cret");
    assertUnreadable(() => createAesGcmSealer(ring("a", { a: keyA })).open(sealed, context));
  });

  it("opens values sealed under an older key after rotating, and says they need re-sealing", () => {
    const before = createAesGcmSealer(ring("a", { a: keyA }));
    const sealed = before.seal("s3cret", context);
    const after = createAesGcmSealer(ring("b", { a: keyA, b: keyB }));

    assert.equal(after.open(sealed, context), "s3cret");
    assert.equal(after.needsReseal(sealed), true);
    assert.equal(after.needsReseal(after.seal("s3cret", context)), false);
    assert.equal(before.needsReseal(sealed), false);
  });

  it("reads v1 values (before key ids) as sealed under the legacy key", () => {
    const v1 = sealV1(keyA, "old-secret", context);
    const legacyCurrent = createAesGcmSealer(ring("legacy", { legacy: keyA }));
    const rotated = createAesGcmSealer(ring("b", { legacy: keyA, b: keyB }));

    assert.equal(legacyCurrent.open(v1, context), "old-secret");
    assert.equal(legacyCurrent.needsReseal(v1), false);
    assert.equal(rotated.open(v1, context), "old-secret");
    assert.equal(rotated.needsReseal(v1), true);
    assertUnreadable(() => createAesGcmSealer(ring("b", { b: keyA })).open(v1, context));
  });

  it("refuses a value whose key id is relabelled to another key of the ring", () => {
    const sealer = createAesGcmSealer(ring("a", { a: keyA, b: keyB }));
    const relabelled = sealer.seal("s3cret", context).replace(/^v2\.a\./, "v2.b.");

    assertUnreadable(() => sealer.open(relabelled, context));
  });

  it("rejects a ring whose current key is missing, or with a bad id or key length", () => {
    assert.throws(() => createAesGcmSealer(ring("c", { a: keyA })), RangeError);
    assert.throws(() => createAesGcmSealer(ring("a.b", { "a.b": keyA })), RangeError);
    assert.throws(() => createAesGcmSealer(ring("a", { a: new Uint8Array(16) })), RangeError);
  });
});
