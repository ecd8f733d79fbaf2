import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { readApiRoleTokens } from "../../functions/config/api-role-tokens.ts";
import { ConfigError } from "../../functions/config/config-error.ts";
import { envReader } from "../../functions/config/env-reader.ts";

const read = (value: string | undefined) =>
  readApiRoleTokens(envReader({ ACS_API_ROLE_TOKENS: value }), "admin-tok");

describe("readApiRoleTokens", () => {
  it("reads role=token pairs", () => {
    // Act
    const tokens = read(" viewer=v1 , operator=o1 ");

    // Assess
    assert.deepEqual(tokens, [
      { role: "viewer", token: "v1" },
      { role: "operator", token: "o1" },
    ]);
  });

  it("is empty when unset", () => {
    // Act / Assess
    assert.deepEqual(read(undefined), []);
  });

  it("names the variable for an unknown role, a missing token or a repeated token", () => {
    // Act / Assess
    for (const bad of ["boss=b1", "viewer=", "viewer", "viewer=x,operator=x", "viewer=admin-tok"])
      assert.throws(
        () => read(bad),
        (error) => error instanceof ConfigError && error.variable === "ACS_API_ROLE_TOKENS",
        bad,
      );
  });
});
