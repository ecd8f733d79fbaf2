import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type AddUserContext, addUser } from "../../../functions/adapters/xmpp/add-user.ts";
import { ADD_USER_NODE, NS_COMMANDS } from "../../../functions/adapters/xmpp/add-user-iq.ts";
import { XmppInvalidArgumentError } from "../../../functions/adapters/xmpp/errors.ts";
import type { IqSettlement } from "../../../functions/adapters/xmpp/iq-tracker.ts";
import { type XmlElement, xml } from "../../../functions/adapters/xmpp/raw-client.ts";
import { recordingLogger } from "./xmpp-session-fixture.ts";

type Answer = (stanza: XmlElement) => IqSettlement<XmlElement>;

function context(answers: Answer[], online = true) {
  const sent: XmlElement[] = [];
  const logger = recordingLogger();
  let clock = 0;
  const ctx: AddUserContext = {
    config: { domain: "acs.test", logger, now: () => clock },
    isOnline: () => online,
    request: async (stanza, accepts, timeoutMs) => {
      sent.push(stanza);
      clock += 1;
      assert.ok(timeoutMs > 0);
      const answer = answers.shift();
      assert.ok(answer, "unexpected request");
      const settlement = answer(stanza);
      if (settlement.kind === "reply") assert.ok(accepts(settlement.reply), "reply not accepted");
      return settlement;
    },
  };
  return { ctx, sent, logger };
}

function command(stanza: XmlElement, attrs: Record<string, string>, ...children: XmlElement[]) {
  return {
    kind: "reply" as const,
    reply: xml(
      "iq",
      { type: "result", from: "acs.test", id: stanza.attrs.id },
      xml("command", { xmlns: NS_COMMANDS, node: ADD_USER_NODE, ...attrs }, ...children),
    ),
  };
}

const form: Answer = (stanza) => command(stanza, { status: "executing", sessionid: "S1" });
const done: Answer = (stanza) => command(stanza, { status: "completed" });
const request = { jid: "cpe-1@acs.test", password: "secret-pw", timeoutMs: 1_000 };

describe("addUser", () => {
  it("executes, then submits the form with the server's session id", async () => {
    // Prepare
    const { ctx, sent, logger } = context([form, done]);
    // Act
    const outcome = await addUser(request, ctx);
    // Assess
    assert.deepEqual(outcome, { kind: "created" });
    assert.equal(sent.length, 2);
    assert.equal(sent[0]?.getChild("command", NS_COMMANDS)?.attrs.action, "execute");
    assert.equal(sent[1]?.getChild("command", NS_COMMANDS)?.attrs.sessionid, "S1");
    assert.notEqual(sent[0]?.attrs.id, sent[1]?.attrs.id);
    assert.ok(!JSON.stringify(logger.entries).includes("secret-pw"));
  });

  it("stops after the first step when the server refuses to run the command", async () => {
    // Prepare
    const forbidden: Answer = (stanza) => ({
      kind: "reply",
      reply: xml(
        "iq",
        { type: "error", from: "acs.test", id: stanza.attrs.id },
        xml("error", { type: "auth" }, xml("forbidden", "urn:ietf:params:xml:ns:xmpp-stanzas")),
      ),
    });
    const { ctx, sent } = context([forbidden]);
    // Act
    const outcome = await addUser(request, ctx);
    // Assess
    assert.deepEqual(outcome, { kind: "forbidden" });
    assert.equal(sent.length, 1);
  });

  it("maps a timeout and a dropped stream to timeout and session-down", async () => {
    // Prepare
    const first = context([form, () => ({ kind: "timeout" })]);
    const second = context([() => ({ kind: "aborted", reason: "disconnected" })]);
    // Act
    const timedOut = await addUser(request, first.ctx);
    const dropped = await addUser(request, second.ctx);
    // Assess
    assert.deepEqual(timedOut, { kind: "timeout" });
    assert.deepEqual(dropped, { kind: "session-down" });
  });

  it("answers session-down without sending when offline", async () => {
    // Prepare
    const { ctx, sent } = context([], false);
    // Act
    const outcome = await addUser(request, ctx);
    // Assess
    assert.deepEqual(outcome, { kind: "session-down" });
    assert.equal(sent.length, 0);
  });

  it("refuses full JIDs, missing localparts and other domains without sending", async () => {
    // Prepare
    const { ctx, sent } = context([]);
    const run = (jid: string) => addUser({ ...request, jid }, ctx);
    // Act
    const outcomes = [
      await run("cpe@acs.test/cwmp"),
      await run("acs.test"),
      await run("cpe@other.test"),
    ];
    // Assess
    assert.deepEqual(
      outcomes.map((o) => (o.kind === "error" ? o.condition : o.kind)),
      ["jid-malformed", "jid-malformed", "domain-mismatch"],
    );
    assert.equal(sent.length, 0);
  });

  it("throws on a non-positive timeout or an empty password", async () => {
    const { ctx } = context([]);
    await assert.rejects(addUser({ ...request, timeoutMs: 0 }, ctx), XmppInvalidArgumentError);
    await assert.rejects(addUser({ ...request, password: "" }, ctx), XmppInvalidArgumentError);
  });
});
