import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  cwmpTlsBannerLine,
  eventsBannerLine,
  plainHttpWarning,
  simulatorHint,
  xmppBannerLine,
} from "../../functions/local/local-banner-lines.ts";

const xmppOn = {
  configured: true,
  jid: "acs@acs.localhost",
  service: "xmpp://127.0.0.1:5222",
} as const;

describe("the local banner's lines", () => {
  it("names the events file and how to watch it", () => {
    assert.match(
      eventsBannerLine("/tmp/acs-events-x/events.jsonl"),
      /\/tmp\/acs-events-x\/events\.jsonl.*tail -f/,
    );
  });

  it("says XMPP is signed in as the ACS's JID only once it is online", () => {
    assert.match(
      xmppBannerLine({ ...xmppOn, status: "online" }),
      /signed in as acs@acs\.localhost/,
    );
    assert.match(
      xmppBannerLine({ ...xmppOn, status: "connecting" }),
      /not signed in yet \(connecting/,
    );
    assert.match(xmppBannerLine({ configured: false }), /XMPP:\s+not configured/);
  });

  it("puts NODE_EXTRA_CA_CERTS in the simulator hint when XMPP is on and the ACS has one", () => {
    const cert = "/repo/.local/xmpp/certs/acs.localhost.crt";

    const withXmpp = simulatorHint({
      cwmpUrl: "http://127.0.0.1:7547/",
      xmpp: { ...xmppOn, status: "online" },
      extraCaCerts: cert,
    });
    const without = simulatorHint({
      cwmpUrl: "http://127.0.0.1:7547/",
      xmpp: { configured: false },
      extraCaCerts: cert,
    });

    assert.equal(
      withXmpp.trim(),
      `NODE_EXTRA_CA_CERTS=${cert} npm run sim -- --acs http://127.0.0.1:7547/ --count 10`,
    );
    assert.equal(without.trim(), "npm run sim -- --acs http://127.0.0.1:7547/ --count 10");
  });
});

describe("plainHttpWarning", () => {
  it("warns that plain HTTP exposes passwords and the session unless authentication is off", () => {
    // Act
    const basic = plainHttpWarning("basic").join("\n");
    const digest = plainHttpWarning("digest").join("\n");

    // Assess
    assert.match(
      basic,
      /plain HTTP exposes passwords\/session \(Basic sends the password in the clear\)/,
    );
    assert.match(
      digest,
      /plain HTTP exposes passwords\/session \(digest protects only the password\)/,
    );
    assert.deepEqual(plainHttpWarning("none"), []);
  });
});

describe("cwmpTlsBannerLine", () => {
  it("names the HTTPS listener and whether it requires client certificates", () => {
    // Act + Assess
    assert.match(cwmpTlsBannerLine("https://127.0.0.1:7443/", true).join(), /mutual TLS/);
    assert.match(cwmpTlsBannerLine("https://127.0.0.1:7443/", false).join(), /ACS_CWMP_CLIENT_CA/);
    assert.deepEqual(cwmpTlsBannerLine(undefined, true), []);
  });
});
