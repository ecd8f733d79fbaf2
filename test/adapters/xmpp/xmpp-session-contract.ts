import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { XmppCrOutcome } from "../../../functions/adapters/xmpp/types.ts";
import type { XmppTestServer, XmppTestServerOptions } from "../../support/xmpp-test-server.ts";
import {
  CPE_BEHAVIOURS,
  CR_PASSWORD,
  CR_USER,
  type Fixture,
  NS_CONN_REQ,
  OFFLINE_CPE,
  sendCr,
  sessionFor,
  setUpFixture,
  tearDownFixture,
  waitForStatus,
} from "./xmpp-session-fixture.ts";

export interface ContractOptions {
  skip: string | false;
  start: (options: XmppTestServerOptions) => Promise<XmppTestServer>;
  serverOptions: XmppTestServerOptions;
}

function kinds(outcomes: readonly XmppCrOutcome[]): string[] {
  return outcomes.map((outcome) => outcome.kind);
}

function agent(fixture: Fixture, user: string) {
  const found = fixture.agents.get(user);
  assert.ok(found, `no agent ${user}`);
  return found;
}

/** Behaviour of XmppSession every supported XMPP server must show. */
export function describeSessionContract(name: string, options: ContractOptions): void {
  describe(`XmppSession against ${name}`, { skip: options.skip }, () => {
    let fixture: Fixture;
    before(async () => {
      fixture = await setUpFixture(options.start, options.serverOptions);
    });
    after(() => tearDownFixture(fixture));

    describe("sendConnectionRequest", () => {
      it("delivers a compact Annex K IQ with the credentials to the CPE", async () => {
        // Prepare
        const cpe = agent(fixture, "cpe-ok");
        const before = cpe.received.length;
        // Act
        const outcome = await sendCr(fixture.session, fixture.cpe("cpe-ok"));
        // Assess
        assert.equal(outcome.kind, "delivered");
        assert.ok(outcome.latencyMs >= 0);
        const got = cpe.received.slice(before);
        assert.equal(got.length, 1);
        assert.equal(got[0]?.type, "get");
        assert.equal(got[0]?.namespace, NS_CONN_REQ);
        assert.equal(got[0]?.username, CR_USER);
        assert.equal(got[0]?.password, CR_PASSWORD);
        assert.deepEqual(got[0]?.strayText, []);
        assert.equal(got[0]?.from?.split("/")[0], `acs@${fixture.server.domain}`);
        const wire = cpe.rawInput().match(/<connectionRequest[^>]*>.*?<\/connectionRequest>/s);
        assert.ok(wire, "connectionRequest not seen on the CPE's socket");
        assert.doesNotMatch(wire[0], />\s+</, "whitespace between elements");
        assert.match(wire[0], /^<connectionRequest[^>]*><username>crUser<\/username><password>/);
      });

      it("maps CPE error replies and silence to outcomes", async () => {
        // Act
        const outcomes = await Promise.all([
          sendCr(fixture.session, fixture.cpe("cpe-denied")),
          sendCr(fixture.session, fixture.cpe("cpe-misspelt")),
          sendCr(fixture.session, fixture.cpe("cpe-busy")),
          sendCr(fixture.session, fixture.cpe("cpe-silent"), 300),
        ]);
        // Assess
        assert.deepEqual(kinds(outcomes), [
          "not-authorized",
          "not-authorized",
          "service-unavailable",
          "timeout",
        ]);
        assert.equal(fixture.session.pendingIqs, 0);
      });

      it("gets service-unavailable from the server for an offline CPE or a bare JID", async () => {
        // Act
        const offline = await sendCr(fixture.session, fixture.cpe(OFFLINE_CPE));
        const bare = await sendCr(fixture.session, `cpe-ok@${fixture.server.domain}`);
        // Assess
        assert.equal(offline.kind, "service-unavailable");
        assert.equal(bare.kind, "service-unavailable");
      });

      it("answers jid-malformed for a missing or invalid JID without sending", async () => {
        // Act
        const outcomes = await Promise.all(
          ["", "a@b@c/cwmp", "cpe@/cwmp"].map((to) => sendCr(fixture.session, to)),
        );
        // Assess
        for (const outcome of outcomes) {
          assert.deepEqual(
            { ...outcome, latencyMs: 0 },
            {
              kind: "error",
              condition: "jid-malformed",
              errorType: "modify",
              latencyMs: 0,
            },
          );
        }
        assert.equal(fixture.session.status, "online");
      });

      it("settles 200 concurrent requests, each with its own outcome", async () => {
        // Prepare
        const targets = Array.from({ length: 200 }, (_, i) => {
          const entry = CPE_BEHAVIOURS[i % 4]; // the four answering CPEs
          assert.ok(entry);
          return entry.user;
        });
        const expected: Record<string, string> = {
          "cpe-ok": "delivered",
          "cpe-denied": "not-authorized",
          "cpe-misspelt": "not-authorized",
          "cpe-busy": "service-unavailable",
        };
        const okBefore = agent(fixture, "cpe-ok").received.length;
        // Act
        const outcomes = await Promise.all(
          targets.map((user) => sendCr(fixture.session, fixture.cpe(user), 10_000)),
        );
        // Assess
        assert.deepEqual(
          kinds(outcomes),
          targets.map((user) => expected[user]),
        );
        const okGot = agent(fixture, "cpe-ok").received.slice(okBefore);
        assert.equal(okGot.length, 50);
        assert.equal(new Set(okGot.map((iq) => iq.id)).size, 50, "IQ ids must be unique");
        assert.equal(fixture.session.pendingIqs, 0);
      });

      it("never logs the CR password", () => {
        // Assess
        const logged = JSON.stringify(fixture.logger.entries);
        assert.ok(fixture.logger.entries.length > 0);
        assert.ok(!logged.includes("cr&Pa"), "password found in logs");
      });

      it("answers session-down when the session is not online", async () => {
        // Prepare
        const idle = sessionFor(fixture.server);
        // Act
        const outcome = await sendCr(idle, fixture.cpe("cpe-ok"));
        await idle.stop();
        // Assess
        assert.equal(outcome.kind, "session-down");
      });
    });

    describe("server restart", () => {
      it("goes down and back online; CRs during the outage get session-down", async () => {
        // Prepare
        const { session, server } = fixture;
        const statusesBefore = fixture.statuses.length;
        const inFlight = sendCr(session, fixture.cpe("cpe-silent"), 20_000);
        let duringOutage: XmppCrOutcome | undefined;
        // Act
        await server.restart({
          whileDown: async () => {
            await waitForStatus(session, "reconnecting");
            duringOutage = await sendCr(session, fixture.cpe("cpe-ok"));
          },
        });
        await waitForStatus(session, "online");
        await fixture.startAgent("cpe-ok", "result"); // the CPE reconnects too
        const afterwards = await sendCr(session, fixture.cpe("cpe-ok"));
        // Assess
        assert.equal((await inFlight).kind, "session-down");
        assert.equal(duringOutage?.kind, "session-down");
        assert.equal(afterwards.kind, "delivered");
        const seen = fixture.statuses.slice(statusesBefore);
        assert.equal(seen[0], "reconnecting");
        assert.equal(seen.at(-1), "online");
        assert.ok(seen.every((status) => status === "reconnecting" || status === "online"));
        assert.equal(session.pendingIqs, 0);
      });
    });

    describe("keep-alive", () => {
      it("treats an unanswered ping as a dead stream and reconnects", async () => {
        // Prepare
        const session = sessionFor(fixture.server, {
          keepAliveIntervalMs: 200,
          keepAliveTimeoutMs: 300,
        });
        try {
          await session.start();
          const seen: string[] = [];
          session.onStatus((status) => seen.push(status));
          // Act
          fixture.server.freeze();
          let whileFrozen: XmppCrOutcome;
          try {
            await waitForStatus(session, "reconnecting");
            whileFrozen = await sendCr(session, fixture.cpe("cpe-ok"));
          } finally {
            fixture.server.thaw();
          }
          await waitForStatus(session, "online");
          // Assess
          assert.equal(whileFrozen.kind, "session-down");
          assert.deepEqual([seen[0], seen.at(-1)], ["reconnecting", "online"]);
        } finally {
          await session.stop();
        }
      });
    });

    describe("stop", () => {
      it("closes the stream cleanly and never reconnects", async () => {
        // Prepare
        const { session, logger } = fixture;
        const statusesBefore = fixture.statuses.length;
        // Act
        await session.stop();
        const after = await sendCr(session, fixture.cpe("cpe-ok"));
        await new Promise((resolve) => setTimeout(resolve, 600)); // > reconnect.maxDelayMs
        // Assess
        assert.deepEqual(fixture.statuses.slice(statusesBefore), ["stopping", "stopped"]);
        assert.equal(after.kind, "session-down");
        assert.equal(session.status, "stopped");
        const unclean = logger.entries.filter((e) => e.message === "xmpp stream close not clean");
        assert.deepEqual(unclean, []);
        await assert.rejects(session.start(), { name: "XmppSessionStoppedError" });
      });
    });
  });
}
