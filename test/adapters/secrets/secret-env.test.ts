import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { resolveSecretEnv } from "../../../functions/adapters/secrets/secret-env.ts";
import type { SecretReader } from "../../../functions/adapters/secrets/secrets-manager-reader.ts";
import { ConfigError } from "../../../functions/config/config-error.ts";

/** A stand-in for Secrets Manager: unit test of the mapping only (no AWS here). */
function fakeClient(secrets: Record<string, string>): SecretReader {
  return async (secretId) => {
    const value = secrets[secretId];
    if (value === undefined)
      throw Object.assign(new Error("not found"), { name: "ResourceNotFoundException" });
    return value;
  };
}

describe("resolveSecretEnv", () => {
  const specs = [
    { arnVariable: "NONCE_ARN", fields: "NONCE" },
    { arnVariable: "CREDS_ARN", fields: { username: "USER", password: "PASS" } },
  ] as const;

  it("fills plain and JSON secrets into variables", async () => {
    const env = await resolveSecretEnv(
      { NONCE_ARN: "arn:1", CREDS_ARN: "arn:2", OTHER: "x" },
      fakeClient({ "arn:1": "n0nce", "arn:2": '{"username":"cpe","password":"pw"}' }),
      specs,
    );
    assert.deepEqual(
      { NONCE: env.NONCE, USER: env.USER, PASS: env.PASS, OTHER: env.OTHER },
      { NONCE: "n0nce", USER: "cpe", PASS: "pw", OTHER: "x" },
    );
  });

  it("leaves variables alone when no ARN is set", async () => {
    assert.deepEqual(await resolveSecretEnv({ NONCE: "local" }, fakeClient({}), specs), {
      NONCE: "local",
    });
  });

  it("names the variable whose secret is unreadable or malformed", async () => {
    await assert.rejects(
      resolveSecretEnv({ NONCE_ARN: "arn:missing" }, fakeClient({}), specs),
      (error) => error instanceof ConfigError && error.variable === "NONCE_ARN",
    );
    await assert.rejects(
      resolveSecretEnv(
        { CREDS_ARN: "arn:2" },
        fakeClient({ "arn:2": '{"username":"cpe"}' }),
        specs,
      ),
      (error) => error instanceof ConfigError && /password/.test(error.message),
    );
  });
});
