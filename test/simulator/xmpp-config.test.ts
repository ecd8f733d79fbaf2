import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { DataModel } from "../../functions/simulator/data-model.ts";
import { completeProfile } from "../../functions/simulator/device-profile.ts";
import { buildDeviceTree } from "../../functions/simulator/device-tree.ts";
import { readCpeXmppConfig, serviceUrl } from "../../functions/simulator/xmpp-config.ts";
import { configureXmpp } from "./xmpp-model.ts";

function tree(): DataModel {
  return buildDeviceTree({
    profile: completeProfile({ serialNumber: "C1", acsUrl: "http://127.0.0.1:1/" }),
    uptimeSeconds: () => 0,
    now: () => 0,
  });
}

const settings = { username: "cpe", password: "pw", domain: "x.test" };

describe("readCpeXmppConfig", () => {
  it("is none until ConnReqXMPPConnection references an enabled connection", () => {
    const model = tree();
    assert.deepEqual(readCpeXmppConfig(model), { kind: "none", base: undefined });
    const base = configureXmpp(model, settings);
    model.setInternal(`${base}Enable`, "false");
    assert.deepEqual(readCpeXmppConfig(model), { kind: "none", base });
  });

  it("reads credentials, resource, TLS and the enabled server entry", () => {
    const model = tree();
    configureXmpp(model, { ...settings, host: "127.0.0.1", port: 15222, useTls: true });
    assert.deepEqual(readCpeXmppConfig(model), {
      kind: "ready",
      config: {
        base: "Device.XMPP.Connection.1.",
        username: "cpe",
        password: "pw",
        domain: "x.test",
        resource: "cwmp",
        host: "127.0.0.1",
        port: 15222,
        useTls: true,
      },
    });
  });

  it("falls back to Domain:5222 without a server entry, unless ServerTable is required", () => {
    const model = tree();
    const base = configureXmpp(model, settings);
    const ready = readCpeXmppConfig(model);
    assert.equal(
      ready.kind === "ready" && `${ready.config.host}:${ready.config.port}`,
      "x.test:5222",
    );
    model.setInternal(`${base}ServerConnectAlgorithm`, "ServerTable");
    assert.equal(readCpeXmppConfig(model).kind, "misconfigured");
  });

  it("is misconfigured without a username or domain", () => {
    const model = tree();
    const base = configureXmpp(model, settings);
    model.setInternal(`${base}Domain`, "");
    assert.equal(readCpeXmppConfig(model).kind, "misconfigured");
  });
});

describe("serviceUrl", () => {
  it("brackets IPv6 literals", () => {
    assert.equal(serviceUrl({ host: "::1", port: 5222 }), "xmpp://[::1]:5222");
    assert.equal(serviceUrl({ host: "127.0.0.1", port: 1 }), "xmpp://127.0.0.1:1");
  });
});
