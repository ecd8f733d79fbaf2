import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ConfigError } from "../../functions/config/config-error.ts";
import { envReader } from "../../functions/config/env-reader.ts";
import {
  parseServers,
  readProvisioningConfig,
} from "../../functions/config/provisioning-config.ts";

const keyBytes = new Uint8Array(32).map((_, index) => index + 1);
const keyText = Buffer.from(keyBytes).toString("base64");
const xmppOn = { ACS_XMPP_JID: "acs@xmpp.example", ACS_SECRETS_KEY: keyText };

function read(
  env: Record<string, string | undefined>,
  defaults?: Parameters<typeof readProvisioningConfig>[1],
) {
  return readProvisioningConfig(envReader(env), defaults);
}

/** Fails unless `action` throws a ConfigError naming `variable`. */
function assertConfigError(action: () => unknown, variable: string, problem?: RegExp) {
  assert.throws(action, (error: unknown) => {
    assert.ok(error instanceof ConfigError, String(error));
    assert.equal(error.variable, variable);
    assert.match(error.message, new RegExp(`^${variable}: `));
    if (problem) assert.match(error.problem, problem);
    return true;
  });
}

describe("readProvisioningConfig", () => {
  it("leaves XMPP provisioning off without ACS_XMPP_JID, with default limits and timing", () => {
    const config = read({});
    assert.deepEqual(config, {
      crCredentials: "shared",
      profileCacheMs: 30_000,
      maxRpcsPerSession: 32,
      timing: { faultBackoffMs: 300_000, maxFaultBackoffMs: 86_400_000, recheckMs: 86_400_000 },
    });
  });

  it("needs no secrets key while XMPP provisioning is off, but keeps one given", () => {
    assert.equal(read({}).secretsKey, undefined);
    assert.deepEqual(read({ ACS_SECRETS_KEY: keyText }).secretsKey, Buffer.from(keyBytes));
  });

  it("turns XMPP provisioning on with ACS_XMPP_JID, the CPE domain defaulting to the JID's", () => {
    const config = read(xmppOn);
    assert.deepEqual(config.xmpp, {
      settings: {
        acsJid: "acs@xmpp.example",
        domain: "xmpp.example",
        servers: [],
        useTls: true,
        resource: "cwmp",
      },
      createAccounts: true,
    });
    assert.deepEqual(config.secretsKey, Buffer.from(keyBytes));
  });

  it("reads the CPE-side options", () => {
    const config = read({
      ...xmppOn,
      ACS_XMPP_CPE_DOMAIN: "XMPP.Example",
      ACS_XMPP_CPE_SERVERS: "a.example,b.example:5223",
      ACS_XMPP_CPE_USE_TLS: "false",
      ACS_XMPP_CPE_RESOURCE: "tr069",
    });
    assert.deepEqual(config.xmpp?.settings, {
      acsJid: "acs@xmpp.example",
      domain: "xmpp.example",
      servers: [
        { address: "a.example", port: 5222 },
        { address: "b.example", port: 5223 },
      ],
      useTls: false,
      resource: "tr069",
    });
  });

  it("uses the default servers only when ACS_XMPP_CPE_SERVERS is not set", () => {
    const defaults = { cpeServers: "127.0.0.1:5333" };
    assert.deepEqual(read(xmppOn, defaults).xmpp?.settings.servers, [
      { address: "127.0.0.1", port: 5333 },
    ]);
    assert.deepEqual(
      read({ ...xmppOn, ACS_XMPP_CPE_SERVERS: "x.example" }, defaults).xmpp?.settings.servers,
      [{ address: "x.example", port: 5222 }],
    );
  });

  it("names ACS_XMPP_CPE_SERVERS when an entry is malformed", () => {
    assertConfigError(
      () => read({ ...xmppOn, ACS_XMPP_CPE_SERVERS: "good.example, bad.example:99999" }),
      "ACS_XMPP_CPE_SERVERS",
      /bad\.example:99999/,
    );
  });

  it("turns XMPP provisioning off with ACS_XMPP_PROVISIONING=false, then needs no key", () => {
    const config = read({ ACS_XMPP_JID: "acs@xmpp.example", ACS_XMPP_PROVISIONING: "false" });
    assert.equal(config.xmpp, undefined);
    assert.equal(config.secretsKey, undefined);
    assert.ok(read({ ...xmppOn, ACS_XMPP_PROVISIONING: "true" }).xmpp);
  });

  it("requires ACS_SECRETS_KEY while XMPP provisioning is on", () => {
    assertConfigError(
      () => read({ ACS_XMPP_JID: "acs@xmpp.example" }),
      "ACS_SECRETS_KEY",
      /required/,
    );
  });

  it("accepts a default key instead, which ACS_SECRETS_KEY overrides", () => {
    const fallback = new Uint8Array(32).fill(7);
    const withDefault = read({ ACS_XMPP_JID: "acs@xmpp.example" }, { secretsKey: fallback });
    assert.ok(withDefault.xmpp);
    assert.equal(withDefault.secretsKey, fallback);
    assert.deepEqual(read(xmppOn, { secretsKey: fallback }).secretsKey, Buffer.from(keyBytes));
  });

  it("keeps the whole key ring next to the legacy key", () => {
    const other = Buffer.alloc(32, 9).toString("base64");
    const config = read({ ...xmppOn, ACS_SECRETS_KEYS: `k2:${other}`, ACS_SECRETS_KEY_ID: "k2" });
    assert.equal(config.sealingKeys?.currentId, "k2");
    assert.deepEqual([...(config.sealingKeys?.keys.keys() ?? [])], ["legacy", "k2"]);
    assert.deepEqual(config.secretsKey, Buffer.from(keyBytes));
  });

  it("sets per-device CR credentials on every CPE with ACS_CR_CREDENTIALS=per-device, which needs a key", () => {
    const config = read({ ACS_CR_CREDENTIALS: "per-device", ACS_SECRETS_KEY: keyText });
    assert.equal(config.crCredentials, "per-device");
    assert.equal(config.xmpp, undefined);
    assertConfigError(
      () => read({ ACS_CR_CREDENTIALS: "per-device" }),
      "ACS_SECRETS_KEY",
      /ACS_CR_CREDENTIALS=per-device/,
    );
    assertConfigError(() => read({ ACS_CR_CREDENTIALS: "device" }), "ACS_CR_CREDENTIALS");
  });

  it("rejects a key that is not 32 bytes", () => {
    const short = Buffer.alloc(16, 1).toString("base64");
    assertConfigError(() => read({ ...xmppOn, ACS_SECRETS_KEY: short }), "ACS_SECRETS_KEY");
    assertConfigError(() => read({ ACS_SECRETS_KEY: short }), "ACS_SECRETS_KEY");
  });

  it("rejects a JID that is not a bare user@domain", () => {
    for (const jid of ["xmpp.example", "acs@xmpp.example/res", "@xmpp.example", "a@b@c"]) {
      assertConfigError(() => read({ ...xmppOn, ACS_XMPP_JID: jid }), "ACS_XMPP_JID");
    }
  });

  it("refuses a CPE domain other than the JID's while it creates accounts", () => {
    assertConfigError(
      () => read({ ...xmppOn, ACS_XMPP_CPE_DOMAIN: "cpe.example" }),
      "ACS_XMPP_CPE_DOMAIN",
      /ACS_XMPP_CREATE_ACCOUNTS/,
    );
  });

  it("allows another CPE domain when the operator creates the accounts", () => {
    const config = read({
      ...xmppOn,
      ACS_XMPP_CPE_DOMAIN: "cpe.example",
      ACS_XMPP_CREATE_ACCOUNTS: "false",
      ACS_XMPP_ACCOUNT_KEY: "k".repeat(32),
    });
    assert.equal(config.xmpp?.settings.domain, "cpe.example");
    assert.equal(config.xmpp?.createAccounts, false);
    assert.equal(config.xmpp?.accountKey, "k".repeat(32));
  });

  it("requires ACS_XMPP_ACCOUNT_KEY (32+ characters) when the operator creates the accounts", () => {
    for (const key of [undefined, "short"]) {
      assert.throws(
        () =>
          read({
            ...xmppOn,
            ACS_XMPP_CREATE_ACCOUNTS: "false",
            ...(key !== undefined && { ACS_XMPP_ACCOUNT_KEY: key }),
          }),
        (error: unknown) =>
          error instanceof ConfigError && error.variable === "ACS_XMPP_ACCOUNT_KEY",
      );
    }
  });

  it("compares the domains without regard to case", () => {
    const config = read({ ...xmppOn, ACS_XMPP_JID: "acs@XMPP.example" });
    assert.equal(config.xmpp?.settings.domain, "xmpp.example");
    assert.equal(config.xmpp?.createAccounts, true);
  });

  it("reads the limits and the timing", () => {
    const config = read({
      ACS_PROFILE_CACHE_SECONDS: "0",
      ACS_PROFILE_MAX_RPCS: "5",
      ACS_PROFILE_BACKOFF_SECONDS: "60",
      ACS_PROFILE_RECHECK_HOURS: "2",
    });
    assert.equal(config.profileCacheMs, 0);
    assert.equal(config.maxRpcsPerSession, 5);
    assert.deepEqual(config.timing, {
      faultBackoffMs: 60_000,
      maxFaultBackoffMs: 86_400_000,
      recheckMs: 7_200_000,
    });
    assertConfigError(() => read({ ACS_PROFILE_MAX_RPCS: "0" }), "ACS_PROFILE_MAX_RPCS");
  });
});

describe("readProvisioningConfig: STUN (UDP connection requests)", () => {
  it("is off without ACS_STUN_SERVER_ADDRESS", () => {
    assert.equal(read({ ACS_SECRETS_KEY: keyText }).stun, undefined);
  });

  it("reads the server, port 3478 and a 30 s keep-alive by default", () => {
    const config = read({ ACS_STUN_SERVER_ADDRESS: "203.0.113.7", ACS_SECRETS_KEY: keyText });

    assert.deepEqual(config.stun, {
      serverAddress: "203.0.113.7",
      serverPort: 3478,
      keepAliveSeconds: 30,
    });
  });

  it("takes the port and keep-alive given", () => {
    const config = read({
      ACS_STUN_SERVER_ADDRESS: "stun.example",
      ACS_STUN_SERVER_PORT: "13478",
      ACS_STUN_KEEPALIVE_SECONDS: "20",
      ACS_SECRETS_KEY: keyText,
    });

    assert.equal(config.stun?.serverPort, 13478);
    assert.equal(config.stun?.keepAliveSeconds, 20);
  });

  it("points CPEs at the in-process STUN server's fixed port (local mode), unless told otherwise", () => {
    const base = { ACS_STUN_SERVER_ADDRESS: "127.0.0.1", ACS_SECRETS_KEY: keyText };

    const own = read({ ...base, ACS_STUN_PORT: "13478" });
    const ephemeral = read({ ...base, ACS_STUN_PORT: "0" });
    const given = read({ ...base, ACS_STUN_PORT: "13478", ACS_STUN_SERVER_PORT: "3479" });

    assert.equal(own.stun?.serverPort, 13478);
    assert.equal(ephemeral.stun?.serverPort, 3478);
    assert.equal(given.stun?.serverPort, 3479);
  });

  it("requires the sealing key (each device's STUN password is sealed)", () => {
    assertConfigError(
      () => read({ ACS_STUN_SERVER_ADDRESS: "203.0.113.7" }),
      "ACS_SECRETS_KEY",
      /STUN/,
    );
  });
});

describe("parseServers", () => {
  it("reads host[:port] entries, port 5222 by default, skipping blanks", () => {
    assert.deepEqual(parseServers(" a.example , , b.example:5269,10.0.0.1:1 "), [
      { address: "a.example", port: 5222 },
      { address: "b.example", port: 5269 },
      { address: "10.0.0.1", port: 1 },
    ]);
    assert.deepEqual(parseServers(""), []);
  });

  it("reads IPv6 addresses in brackets, without the brackets", () => {
    assert.deepEqual(parseServers("[2001:db8::1]:5280,[::1]"), [
      { address: "2001:db8::1", port: 5280 },
      { address: "::1", port: 5222 },
    ]);
  });

  for (const entry of [
    "2001:db8::1",
    "[::1",
    "::1]",
    "host:",
    ":5222",
    "host:port",
    "host:0",
    "host:65536",
    "host:123456",
    "a:1:2",
  ]) {
    it(`rejects "${entry}", naming ACS_XMPP_CPE_SERVERS`, () => {
      assertConfigError(() => parseServers(`ok.example,${entry}`), "ACS_XMPP_CPE_SERVERS");
    });
  }
});
