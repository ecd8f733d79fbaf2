import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { XmppAuthenticationError } from "../../../functions/adapters/xmpp/errors.ts";
import type { XmppSession } from "../../../functions/adapters/xmpp/types.ts";
import type { XmppTestServer, XmppTestServerOptions } from "../../support/xmpp-test-server.ts";
import { ACS, type RecordingLogger, recordingLogger, sessionFor } from "./xmpp-session-fixture.ts";

export interface AddUserContractOptions {
  skip: string | false;
  start: (options: XmppTestServerOptions) => Promise<XmppTestServer>;
}

const NEW_PASSWORD = `n&w<pw>"'`;
const PLAIN = { user: "not-admin", password: "not-admin-pw" };

/** XEP-0133 Add User through XmppSession, as every supported server must behave. */
export function describeAddUserContract(name: string, options: AddUserContractOptions): void {
  describe(`XmppSession.addUser against ${name}`, { skip: options.skip }, () => {
    let server: XmppTestServer;
    let admin: XmppSession;
    let logger: RecordingLogger;
    const opened: XmppSession[] = [];
    const open = async (overrides: Parameters<typeof sessionFor>[1]) => {
      const session = sessionFor(server, overrides);
      opened.push(session);
      await session.start();
      return session;
    };

    before(async () => {
      server = await options.start({
        adminAdhoc: { admins: [ACS.user] },
        accounts: [ACS, PLAIN],
      });
      logger = recordingLogger();
      admin = await open({ logger });
    });
    after(async () => {
      await Promise.all(opened.map((session) => session.stop()));
      await server?.stop();
    });

    it("creates an account that can then log in with the given password", async () => {
      // Prepare
      const jid = `cpe-new-1@${server.domain}`;
      // Act
      const outcome = await admin.addUser({ jid, password: NEW_PASSWORD, timeoutMs: 5_000 });
      const login = await open({ jid, password: NEW_PASSWORD });
      // Assess
      assert.deepEqual(outcome, { kind: "created" });
      assert.equal(login.status, "online");
      assert.match(login.boundJid ?? "", new RegExp(`^cpe-new-1@${server.domain}/`));
      assert.equal(admin.pendingIqs, 0);
    });

    it("refuses a login with another password for the created account", async () => {
      // Prepare
      const jid = `cpe-new-2@${server.domain}`;
      assert.equal(
        (await admin.addUser({ jid, password: "right", timeoutMs: 5_000 })).kind,
        "created",
      );
      // Act
      const attempt = open({ jid, password: "wrong" });
      // Assess
      await assert.rejects(attempt, XmppAuthenticationError);
    });

    it("answers exists for an account that is already there", async () => {
      // Act
      const outcome = await admin.addUser({
        jid: `${PLAIN.user}@${server.domain}`,
        password: "other",
        timeoutMs: 5_000,
      });
      // Assess
      assert.deepEqual(outcome, { kind: "exists" });
      const still = await open({ jid: `${PLAIN.user}@${server.domain}`, password: PLAIN.password });
      assert.equal(still.status, "online", "the existing password must be unchanged");
    });

    it("sets an existing account's password when asked to (XEP-0133 Change User Password)", async () => {
      // Prepare
      const jid = `cpe-reset-1@${server.domain}`;
      assert.equal(
        (await admin.addUser({ jid, password: "old-pw", timeoutMs: 5_000 })).kind,
        "created",
      );
      // Act
      const outcome = await admin.addUser({
        jid,
        password: NEW_PASSWORD,
        timeoutMs: 5_000,
        resetPasswordIfExists: true,
      });
      // Assess
      assert.deepEqual(outcome, { kind: "password-reset" });
      const login = await open({ jid, password: NEW_PASSWORD });
      assert.equal(login.status, "online");
      await assert.rejects(open({ jid, password: "old-pw" }), XmppAuthenticationError);
    });

    it("answers forbidden to a session whose account is not an admin", async () => {
      // Prepare
      const plain = await open({ jid: `${PLAIN.user}@${server.domain}`, password: PLAIN.password });
      // Act
      const outcome = await plain.addUser({
        jid: `cpe-new-3@${server.domain}`,
        password: "pw",
        timeoutMs: 5_000,
      });
      // Assess
      assert.deepEqual(outcome, { kind: "forbidden" });
    });

    it("never logs the new account's password", () => {
      // Assess
      const logged = JSON.stringify(logger.entries);
      assert.ok(logged.includes("xmpp add user"), "add user outcomes are logged");
      assert.ok(!logged.includes("n&w"), "password found in logs");
    });
  });

  describe(`XmppSession.addUser against ${name} without admin commands`, {
    skip: options.skip,
  }, () => {
    let server: XmppTestServer;
    let session: XmppSession;
    before(async () => {
      server = await options.start({ accounts: [ACS] });
      session = sessionFor(server);
      await session.start();
    });
    after(async () => {
      await session?.stop();
      await server?.stop();
    });

    it("answers unsupported when the server offers no Add User command", async () => {
      // Act
      const outcome = await session.addUser({
        jid: `cpe-x@${server.domain}`,
        password: "pw",
        timeoutMs: 5_000,
      });
      // Assess
      assert.deepEqual(outcome, { kind: "unsupported" });
    });
  });
}
