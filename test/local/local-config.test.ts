import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ConfigError } from "../../functions/config/config-error.ts";
import { envReader } from "../../functions/config/env-reader.ts";
import { readLocalConfig } from "../../functions/local/local-config.ts";

describe("readLocalConfig", () => {
  describe("requestTimeouts", () => {
    const read = (env: Record<string, string>) => readLocalConfig(envReader(env), env);

    it("gives a client 10 s for its headers and 30 s for the whole request by default", () => {
      // Act
      const config = read({});

      // Assess
      assert.deepEqual(config.requestTimeouts, { headersMs: 10_000, requestMs: 30_000 });
    });

    it("reads both timeouts in seconds", () => {
      // Act
      const config = read({ ACS_HEADERS_TIMEOUT_SECONDS: "2", ACS_REQUEST_TIMEOUT_SECONDS: "5" });

      // Assess
      assert.deepEqual(config.requestTimeouts, { headersMs: 2_000, requestMs: 5_000 });
    });

    it("refuses a headers timeout longer than the request timeout, naming the variable", () => {
      // Act + Assess
      assert.throws(
        () => read({ ACS_HEADERS_TIMEOUT_SECONDS: "40" }),
        (error) => error instanceof ConfigError && error.variable === "ACS_HEADERS_TIMEOUT_SECONDS",
      );
    });
  });

  describe("profile cache", () => {
    const read = (env: Record<string, string>) => readLocalConfig(envReader(env), env);

    it("does not cache profiles locally, so a saved profile applies at the next session", () => {
      // Act
      const config = read({});

      // Assess
      assert.equal(config.cwmp.provisioning.profileCacheMs, 0);
    });

    it("still reads ACS_PROFILE_CACHE_SECONDS", () => {
      // Act
      const config = read({ ACS_PROFILE_CACHE_SECONDS: "30" });

      // Assess
      assert.equal(config.cwmp.provisioning.profileCacheMs, 30_000);
    });
  });
});
