import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ConfigError } from "../../functions/config/config-error.ts";
import { readSenderSettings } from "../../functions/config/sender-settings.ts";

const required = {
  ACS_QUEUE_URL: "https://sqs.eu-west-1.amazonaws.com/111122223333/acs-cr",
  ACS_DLQ_URL: "https://sqs.eu-west-1.amazonaws.com/111122223333/acs-cr-dlq",
  ACS_TABLE_NAME: "acs",
};

function failure(env: Record<string, string>): ConfigError {
  try {
    readSenderSettings(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  assert.fail("expected ConfigError");
}

describe("readSenderSettings", () => {
  it("applies the documented defaults with XMPP off", () => {
    // Act
    const settings = readSenderSettings(required);

    // Assess
    assert.equal(settings.xmpp, undefined);
    assert.equal(settings.crCredentials, undefined);
    assert.deepEqual(settings.allowCidrs, []);
    assert.deepEqual(settings.allowedPorts, []);
    assert.deepEqual(settings.allowedNetworks, []);
    assert.equal(settings.healthPort, 8080);
    assert.equal(settings.service.dedupWindowMs, 10_000);
    assert.equal(settings.service.concurrency, 16);
    assert.equal(settings.service.heartbeatIntervalSeconds, 10);
  });

  it("reads the URL guard's port and network restrictions", () => {
    // Act
    const settings = readSenderSettings({
      ...required,
      ACS_CR_ALLOWED_PORTS: "7547, 30000-30100",
      ACS_CR_ALLOWED_NETWORKS: "10.0.0.0/8,100.64.0.0/10",
    });

    // Assess
    assert.deepEqual(settings.allowedPorts, [
      { from: 7547, to: 7547 },
      { from: 30_000, to: 30_100 },
    ]);
    assert.deepEqual(settings.allowedNetworks, ["10.0.0.0/8", "100.64.0.0/10"]);
  });

  it("reads the sealing key ring and the log level as the CWMP function does", () => {
    // Act
    const settings = readSenderSettings({
      ...required,
      ACS_SECRETS_KEY: Buffer.alloc(32, 1).toString("base64"),
      ACS_SECRETS_KEYS: `k2:${Buffer.alloc(32, 2).toString("base64")}`,
      ACS_SECRETS_KEY_ID: "k2",
      ACS_LOG_LEVEL: "warn",
    });

    // Assess
    assert.equal(settings.sealingKeys?.currentId, "k2");
    assert.deepEqual([...(settings.sealingKeys?.keys.keys() ?? [])], ["legacy", "k2"]);
    assert.equal(settings.logLevel, "warn");
    assert.equal(readSenderSettings(required).logLevel, "info");
    assert.equal(readSenderSettings(required).sealingKeys, undefined);
    assert.equal(failure({ ...required, ACS_LOG_LEVEL: "debug" }).variable, "ACS_LOG_LEVEL");
  });

  it("reads a complete XMPP configuration, TLS required by default", () => {
    // Act
    const settings = readSenderSettings({
      ...required,
      ACS_XMPP_SERVICE: "xmpp://xmpp.example.com:5222",
      ACS_XMPP_JID: "acs@example.com",
      ACS_XMPP_PASSWORD: "pw",
    });

    // Assess
    assert.equal(settings.xmpp?.requireTls, true);
    assert.equal(settings.xmpp?.resourcePrefix, "acs-");
  });

  for (const [name, env, variable] of [
    ["a missing queue URL", { ACS_DLQ_URL: "http://x/q", ACS_TABLE_NAME: "t" }, "ACS_QUEUE_URL"],
    ["a missing DLQ URL", { ACS_QUEUE_URL: "http://x/q", ACS_TABLE_NAME: "t" }, "ACS_DLQ_URL"],
    ["a partial XMPP configuration", { ...required, ACS_XMPP_JID: "acs@x" }, "ACS_XMPP_SERVICE"],
    [
      "an XMPP service of another scheme",
      { ...required, ACS_XMPP_SERVICE: "http://x", ACS_XMPP_JID: "a@x", ACS_XMPP_PASSWORD: "p" },
      "ACS_XMPP_SERVICE",
    ],
    [
      "a full JID",
      { ...required, ACS_XMPP_SERVICE: "xmpp://x", ACS_XMPP_JID: "a@x/r", ACS_XMPP_PASSWORD: "p" },
      "ACS_XMPP_JID",
    ],
    ["a CR username without password", { ...required, ACS_CR_USERNAME: "u" }, "ACS_CR_PASSWORD"],
    ["a bad CIDR", { ...required, ACS_CR_ALLOW_CIDRS: "127.0.0.1/33" }, "ACS_CR_ALLOW_CIDRS"],
    [
      "a port range upside down",
      { ...required, ACS_CR_ALLOWED_PORTS: "90-80" },
      "ACS_CR_ALLOWED_PORTS",
    ],
    ["port 0", { ...required, ACS_CR_ALLOWED_PORTS: "0" }, "ACS_CR_ALLOWED_PORTS"],
    [
      "a bad allowed network",
      { ...required, ACS_CR_ALLOWED_NETWORKS: "10.0.0.0/8,banana" },
      "ACS_CR_ALLOWED_NETWORKS",
    ],
    ["a zero concurrency", { ...required, ACS_CR_CONCURRENCY: "0" }, "ACS_CR_CONCURRENCY"],
    [
      "a non-boolean TLS flag",
      {
        ...required,
        ACS_XMPP_REQUIRE_TLS: "maybe",
        ACS_XMPP_SERVICE: "xmpp://x",
        ACS_XMPP_JID: "a@x",
        ACS_XMPP_PASSWORD: "p",
      },
      "ACS_XMPP_REQUIRE_TLS",
    ],
  ] as const) {
    it(`fails naming the variable on ${name}`, () => {
      // Act
      const error = failure(env);

      // Assess
      assert.equal(error.variable, variable);
    });
  }
});
