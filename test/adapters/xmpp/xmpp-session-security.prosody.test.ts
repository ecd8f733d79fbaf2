import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { startProsody } from "../../support/prosody.ts";
import { requireBinary } from "../../support/xmpp-require-binary.ts";
import type { XmppTestServer } from "../../support/xmpp-test-server.ts";
import {
  ACS,
  OFFLINE_CPE,
  recordingLogger,
  sendCr,
  sessionFor,
  waitForStatus,
} from "./xmpp-session-fixture.ts";

const skip = requireBinary("prosody");
const accounts = [ACS, { user: OFFLINE_CPE, password: "offline-pw" }];

describe("XmppSession security against prosody", { skip }, () => {
  describe("with STARTTLS required by the server (self-signed certificate)", () => {
    let server: XmppTestServer;
    before(async () => {
      server = await startProsody({ tls: true, accounts });
    });
    after(() => server.stop());

    it("comes online over TLS when the certificate is trusted through tlsCa", async () => {
      // Prepare
      const session = sessionFor(server, { requireTls: true, tlsCa: server.caCert });
      try {
        // Act
        await session.start();
        const outcome = await sendCr(session, `${OFFLINE_CPE}@${server.domain}/cwmp`);
        // Assess
        assert.equal(session.status, "online");
        assert.match(session.boundJid ?? "", /^acs@acs\.test\/acs-/);
        assert.equal(outcome.kind, "service-unavailable");
      } finally {
        await session.stop();
      }
    });

    it("comes online with tlsRejectUnauthorized: false (local testing only)", async () => {
      // Prepare
      const session = sessionFor(server, { requireTls: true, tlsRejectUnauthorized: false });
      try {
        // Act
        await session.start();
        // Assess
        assert.equal(session.status, "online");
      } finally {
        await session.stop();
      }
    });

    it("refuses an untrusted certificate and keeps retrying", async () => {
      // Prepare
      const logger = recordingLogger();
      const session = sessionFor(server, { requireTls: true, logger });
      try {
        // Act
        void session.start();
        await waitForStatus(session, "reconnecting");
        // Assess
        const failure = logger.entries.find((entry) => entry.message === "xmpp connect failed");
        assert.equal(failure?.errorName, "XmppStartTlsError");
        assert.match(String(failure?.errorMessage), /certificate/);
      } finally {
        await session.stop();
      }
    });
  });

  describe("with a plain-text server", () => {
    let server: XmppTestServer;
    before(async () => {
      server = await startProsody({ accounts });
    });
    after(() => server.stop());

    it("refuses to authenticate without TLS when requireTls is set", async () => {
      // Prepare
      const session = sessionFor(server, { requireTls: true });
      // Act
      await assert.rejects(session.start(), { name: "XmppTlsRequiredError" });
      // Assess
      assert.equal(session.status, "stopped");
      assert.equal(session.fatalError?.name, "XmppTlsRequiredError");
    });

    it("stops for good on a wrong password", async () => {
      // Prepare
      const session = sessionFor(server, { password: "wrong" });
      // Act
      await assert.rejects(session.start(), {
        name: "XmppAuthenticationError",
        condition: "not-authorized",
      });
      // Assess
      assert.equal(session.status, "stopped");
    });
  });
});
