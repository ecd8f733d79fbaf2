import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ConfigError } from "../../functions/config/config-error.ts";
import { readCwmpConfig } from "../../functions/config/cwmp-config.ts";
import { envReader } from "../../functions/config/env-reader.ts";
import { readLocalConfig } from "../../functions/local/local-config.ts";

const read = (env: Record<string, string>, secureCookie?: boolean) =>
  readCwmpConfig(envReader(env), {
    auth: "none",
    ...(secureCookie !== undefined && { secureCookie }),
  });

describe("readCwmpConfig: ACS_COOKIE_SECURE", () => {
  it("marks the session cookie Secure by default (API Gateway serves HTTPS only)", () => {
    assert.equal(read({}).secureCookie, true);
  });

  it("follows the caller's default, which the variable overrides", () => {
    assert.equal(read({}, false).secureCookie, false);
    assert.equal(read({ ACS_COOKIE_SECURE: "true" }, false).secureCookie, true);
    assert.equal(read({ ACS_COOKIE_SECURE: "false" }).secureCookie, false);
    assert.throws(() => read({ ACS_COOKIE_SECURE: "maybe" }), ConfigError);
  });

  it("is off in the local ACS (plain http) unless set", () => {
    assert.equal(readLocalConfig(envReader({})).cwmp.secureCookie, false);
    const behindTls = readLocalConfig(envReader({ ACS_COOKIE_SECURE: "true" }));
    assert.equal(behindTls.cwmp.secureCookie, true);
  });
});
