import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  crCredentialsProfile,
  crCredentialsProfileName,
} from "../../../functions/core/provisioning/cr-credentials-profile.ts";
import { xmppProfile } from "../../../functions/core/provisioning/xmpp-profile.ts";

const secrets = {
  crUsername: "cpe-1",
  crPassword: "pw-1",
  xmppUsername: "cpe-1",
  xmppPassword: "xp-1",
};
const settings = {
  acsJid: "acs@xmpp.test",
  domain: "xmpp.test",
  servers: [],
  useTls: true,
  resource: "cwmp",
};

describe("crCredentialsProfile", () => {
  it("sets the CR username and the password (as a secret) under ManagementServer. on any CPE", () => {
    const profile = crCredentialsProfile("InternetGatewayDevice.", secrets);

    assert.equal(profile.name, crCredentialsProfileName);
    assert.ok(profile.name.startsWith("builtin-"), "reserved: API profiles cannot shadow it");
    assert.deepEqual(profile.precondition, { root: "InternetGatewayDevice." });
    assert.deepEqual(profile.requires, ["InternetGatewayDevice.ManagementServer."]);
    assert.deepEqual(profile.parameterValues, [
      {
        name: "InternetGatewayDevice.ManagementServer.ConnectionRequestUsername",
        value: "cpe-1",
        type: "string",
      },
      {
        name: "InternetGatewayDevice.ManagementServer.ConnectionRequestPassword",
        value: "pw-1",
        type: "string",
        secret: true,
      },
    ]);
  });
});

describe("xmppProfile with the CR-credentials profile on", () => {
  it("leaves the CR credentials to it, keeping everything else", () => {
    const names = (crCredentials: boolean) =>
      xmppProfile(settings, "Device.", secrets, { crCredentials }).parameterValues.map(
        (value) => value.name,
      );

    assert.deepEqual(names(true), [
      "Device.ManagementServer.ConnectionRequestUsername",
      "Device.ManagementServer.ConnectionRequestPassword",
      "Device.ManagementServer.ConnReqAllowedJabberIDs",
    ]);
    assert.deepEqual(names(false), ["Device.ManagementServer.ConnReqAllowedJabberIDs"]);
  });
});
