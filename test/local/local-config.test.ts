import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
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

describe("readLocalConfig: the HTTPS CWMP listener and the plain one", () => {
  const read = (env: Record<string, string>) => readLocalConfig(envReader(env), env);
  const pemFile = (name: string) => {
    const dir = mkdtempSync(join(tmpdir(), "local-tls-"));
    const path = join(dir, name);
    writeFileSync(path, "-----BEGIN CERTIFICATE-----\nAA==\n-----END CERTIFICATE-----\n");
    return path;
  };

  it("has no HTTPS listener unless ACS_CWMP_TLS_PORT is set", () => {
    // Act
    const config = read({});

    // Assess
    assert.equal(config.cwmpTls, undefined);
  });

  it("reads the port and the PEM files, the client CA making it mutual TLS", () => {
    // Prepare
    const [cert, key, ca] = [pemFile("acs.crt"), pemFile("acs.key"), pemFile("ca.crt")];

    // Act
    const config = read({
      ACS_CWMP_TLS_PORT: "7443",
      ACS_CWMP_TLS_CERT: cert,
      ACS_CWMP_TLS_KEY: key,
      ACS_CWMP_CLIENT_CA: ca,
    });

    // Assess
    assert.equal(config.cwmpTls?.port, 7443);
    assert.match(String(config.cwmpTls?.clientCa), /BEGIN CERTIFICATE/);
  });

  for (const [case_, env, variable] of [
    ["a missing key", { ACS_CWMP_TLS_PORT: "7443", ACS_CWMP_TLS_CERT: "x" }, "ACS_CWMP_TLS_CERT"],
    [
      "an unreadable certificate",
      {
        ACS_CWMP_TLS_PORT: "1",
        ACS_CWMP_TLS_CERT: "/nonexistent/a.crt",
        ACS_CWMP_TLS_KEY: "/nonexistent/a.key",
      },
      "ACS_CWMP_TLS_CERT",
    ],
    ["a client CA without the listener", { ACS_CWMP_CLIENT_CA: "ca.crt" }, "ACS_CWMP_CLIENT_CA"],
  ] as const) {
    it(`refuses ${case_}, naming ${variable}`, () => {
      // Act + Assess
      assert.throws(
        () => read(env),
        (error) => error instanceof ConfigError && error.variable === variable,
      );
    });
  }

  it("refuses Basic on a plain listener beyond loopback, as the front door does", () => {
    // Prepare
    const basic = { ACS_CPE_AUTH: "basic", ACS_CPE_USERNAME: "u", ACS_CPE_PASSWORD: "p" };

    // Act + Assess
    assert.throws(
      () => read({ ...basic, ACS_HOST: "0.0.0.0" }),
      (error) => error instanceof ConfigError && error.variable === "ACS_CPE_AUTH",
    );
    assert.equal(read({ ...basic, ACS_HOST: "127.0.0.1" }).cwmp.cpeAuth, "basic");
  });
});
