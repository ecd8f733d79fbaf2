import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { binaryPath, MissingBinaryError, requireBinary } from "./digest-require-binary.ts";

describe("requireBinary", () => {
  const hint = "apt-get install nothing";

  it("finds a binary on PATH", () => {
    // Act
    const found = requireBinary("node", { hint, env: { PATH: process.env.PATH } });

    // Assess
    assert.equal(found.skip, false);
    assert.equal(binaryPath(found), found.path);
  });

  it("skips with the reason outside CI", () => {
    // Act
    const missing = requireBinary("no-such-binary-x", { hint, env: { PATH: "/nonexistent" } });

    // Assess
    assert.match(
      String(missing.skip),
      /no-such-binary-x not installed \(apt-get install nothing\)/,
    );
  });

  it("does not skip under CI=true, so the suite fails on the missing binary", () => {
    // Act
    const missing = requireBinary("no-such-binary-x", {
      hint,
      env: { PATH: "/nonexistent", CI: "true" },
    });

    // Assess
    assert.equal(missing.skip, false);
    assert.throws(() => binaryPath(missing), MissingBinaryError);
  });
});
