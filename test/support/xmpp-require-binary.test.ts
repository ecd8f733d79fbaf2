import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { MissingBinaryError } from "./xmpp-harness-errors.ts";
import { requireBinary } from "./xmpp-require-binary.ts";

const missing = "no-such-binary-for-acs-tests";

describe("requireBinary", () => {
  it("returns false for a binary on PATH", () => {
    assert.equal(requireBinary("sh", {}), false);
  });

  it("returns a skip reason for a missing binary outside CI", () => {
    assert.match(String(requireBinary(missing, {})), /not installed/);
  });

  it("throws under CI=true so the test fails instead of skipping", () => {
    assert.throws(() => requireBinary(missing, { CI: "true" }), MissingBinaryError);
  });
});
