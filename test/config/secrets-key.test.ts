import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { describe, it } from "node:test";
import { ConfigError } from "../../functions/config/config-error.ts";
import { envReader } from "../../functions/config/env-reader.ts";
import { readSealingKeys } from "../../functions/config/secrets-key.ts";

const keyA = Buffer.alloc(32, 0xa);
const keyB = Buffer.alloc(32, 0xb);
const a64 = keyA.toString("base64");
const b64 = keyB.toString("base64");

function read(env: Record<string, string>, legacyDefault?: Uint8Array) {
  return readSealingKeys(envReader(env), legacyDefault);
}

/** Fails unless `action` throws a ConfigError naming `variable` whose problem matches. */
function assertConfigError(action: () => unknown, variable: string, problem: RegExp) {
  assert.throws(action, (error: unknown) => {
    assert.ok(error instanceof ConfigError, String(error));
    assert.equal(error.variable, variable);
    assert.match(error.problem, problem);
    return true;
  });
}

describe("readSealingKeys", () => {
  it("is undefined without any key", () => {
    assert.equal(read({}), undefined);
  });

  it("reads ACS_SECRETS_KEY alone as the legacy key, current", () => {
    const ring = read({ ACS_SECRETS_KEY: a64 });

    assert.equal(ring?.currentId, "legacy");
    assert.deepEqual(ring?.keys.get("legacy"), keyA);
    assert.equal(ring?.keys.size, 1);
  });

  it("uses the default legacy key unless ACS_SECRETS_KEY is set", () => {
    const fallback = new Uint8Array(32).fill(1);

    assert.equal(read({}, fallback)?.keys.get("legacy"), fallback);
    assert.deepEqual(read({ ACS_SECRETS_KEY: a64 }, fallback)?.keys.get("legacy"), keyA);
  });

  it("reads ACS_SECRETS_KEYS as id:key pairs next to the legacy key", () => {
    const ring = read({
      ACS_SECRETS_KEY: a64,
      ACS_SECRETS_KEYS: `2024-06:${b64}, k3:a passphrase of thirty-two characters!`,
      ACS_SECRETS_KEY_ID: "2024-06",
    });

    assert.equal(ring?.currentId, "2024-06");
    assert.deepEqual([...(ring?.keys.keys() ?? [])], ["legacy", "2024-06", "k3"]);
    assert.deepEqual(ring?.keys.get("2024-06"), keyB);
    const stretched = createHash("sha256")
      .update("a passphrase of thirty-two characters!")
      .digest();
    assert.deepEqual(ring?.keys.get("k3"), stretched);
  });

  it("reads ACS_SECRETS_KEYS as a JSON object (a Secrets Manager key/value secret)", () => {
    const ring = read({
      ACS_SECRETS_KEYS: JSON.stringify({ a: a64, b: b64 }),
      ACS_SECRETS_KEY_ID: "a",
    });

    assert.equal(ring?.currentId, "a");
    assert.deepEqual(ring?.keys.get("b"), keyB);
    assert.equal(ring?.keys.has("legacy"), false);
  });

  it("takes the only key as current without ACS_SECRETS_KEY_ID", () => {
    assert.equal(read({ ACS_SECRETS_KEYS: `only:${a64}` })?.currentId, "only");
  });

  it("requires ACS_SECRETS_KEY_ID to name one key when there are several", () => {
    const keys = { ACS_SECRETS_KEY: a64, ACS_SECRETS_KEYS: `b:${b64}` };

    assertConfigError(() => read(keys), "ACS_SECRETS_KEY_ID", /legacy, b/);
    assertConfigError(
      () => read({ ...keys, ACS_SECRETS_KEY_ID: "c" }),
      "ACS_SECRETS_KEY_ID",
      /legacy, b/,
    );
    assertConfigError(() => read({ ACS_SECRETS_KEY_ID: "b" }), "ACS_SECRETS_KEY_ID", /no key/);
  });

  it("names the bad entry of ACS_SECRETS_KEYS", () => {
    const cases: [string, RegExp][] = [
      [`b.1:${b64}`, /key id "b\.1"/],
      [`b:${b64},b:${a64}`, /"b" is given twice/],
      [`legacy:${b64}`, /"legacy" is given twice/],
      [b64, /<id>:<key>/],
      ["{not json", /not valid JSON/],
      ['{"b": 1}', /to strings/],
    ];
    for (const [text, problem] of cases) {
      assertConfigError(
        () => read({ ACS_SECRETS_KEY: a64, ACS_SECRETS_KEYS: text, ACS_SECRETS_KEY_ID: "legacy" }),
        "ACS_SECRETS_KEYS",
        problem,
      );
    }
  });

  it("names the key that is too short", () => {
    assertConfigError(
      () => read({ ACS_SECRETS_KEYS: "k1:short" }),
      "ACS_SECRETS_KEYS",
      /key "k1" must be 32 bytes/,
    );
  });
});
