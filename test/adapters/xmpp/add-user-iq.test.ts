import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  ADD_USER_NODE,
  buildAddUserExecuteIq,
  buildAddUserSubmitIq,
  classifyAddUserReply,
  NS_COMMANDS,
} from "../../../functions/adapters/xmpp/add-user-iq.ts";
import {
  NS_STANZAS,
  type XmlNodeLike,
} from "../../../functions/adapters/xmpp/classify-iq-reply.ts";

function el(
  name: string,
  attrs: Record<string, string> = {},
  ...children: Array<XmlNodeLike | string>
): XmlNodeLike {
  return { name, attrs, children };
}

function commandReply(attrs: Record<string, string>, ...children: XmlNodeLike[]): XmlNodeLike {
  return el(
    "iq",
    { type: "result", id: "au-1" },
    el("command", { xmlns: NS_COMMANDS, node: ADD_USER_NODE, ...attrs }, ...children),
  );
}

function errorReply(condition: string): XmlNodeLike {
  return el(
    "iq",
    { type: "error", id: "au-1" },
    el("error", { type: "cancel" }, el(condition, { xmlns: NS_STANZAS })),
  );
}

describe("buildAddUserExecuteIq", () => {
  it("executes the XEP-0133 add-user node on the server", () => {
    // Act
    const iq = buildAddUserExecuteIq("au-1", "acs.test");
    // Assess
    assert.equal(
      iq.toString(),
      `<iq type="set" to="acs.test" id="au-1"><command xmlns="${NS_COMMANDS}" node="${ADD_USER_NODE}" action="execute"/></iq>`,
    );
  });
});

describe("buildAddUserSubmitIq", () => {
  it("submits the form with the session id, FORM_TYPE, JID and the password twice", () => {
    // Act
    const iq = buildAddUserSubmitIq({
      id: "au-2",
      domain: "acs.test",
      sessionId: "s-9",
      accountJid: "cpe@acs.test",
      password: "p<&>",
    });
    // Assess
    const command = iq.getChild("command", NS_COMMANDS);
    assert.equal(command?.attrs.sessionid, "s-9");
    assert.equal(command?.attrs.node, ADD_USER_NODE);
    const form = command?.getChild("x", "jabber:x:data");
    assert.equal(form?.attrs.type, "submit");
    const values = Object.fromEntries(
      (form?.getChildElements() ?? []).map((f) => [f.attrs.var, f.getChildText("value")]),
    );
    assert.deepEqual(values, {
      FORM_TYPE: "http://jabber.org/protocol/admin",
      accountjid: "cpe@acs.test",
      password: "p<&>",
      "password-verify": "p<&>",
    });
    assert.match(iq.toString(), /p&lt;&amp;&gt;/);
  });
});

describe("classifyAddUserReply", () => {
  it("reads the form's session id from an executing command", () => {
    assert.deepEqual(classifyAddUserReply(commandReply({ status: "executing", sessionid: "x1" })), {
      kind: "form",
      sessionId: "x1",
    });
  });

  it("treats an executing command without a session id as an error", () => {
    assert.deepEqual(classifyAddUserReply(commandReply({ status: "executing" })), {
      kind: "error",
      condition: "no-sessionid",
    });
  });

  it("treats a completed command without an error note as created", () => {
    const reply = commandReply(
      { status: "completed" },
      el("note", { type: "info" }, "Account successfully created"),
    );
    assert.deepEqual(classifyAddUserReply(reply), { kind: "created" });
  });

  it("reads prosody's 'Account already exists' error note as exists", () => {
    const reply = commandReply(
      { status: "completed" },
      el("note", { type: "error" }, "Account already exists"),
    );
    assert.deepEqual(classifyAddUserReply(reply), { kind: "exists" });
  });

  it("keeps the text of any other error note", () => {
    const reply = commandReply(
      { status: "completed" },
      el("note", { type: "error" }, "Failed to write data to disk"),
    );
    assert.deepEqual(classifyAddUserReply(reply), {
      kind: "error",
      condition: "command-failed",
      text: "Failed to write data to disk",
    });
  });

  it("maps stanza errors to exists, forbidden, unsupported or error", () => {
    const cases: Array<[string, string]> = [
      ["conflict", "exists"],
      ["forbidden", "forbidden"],
      ["not-authorized", "forbidden"],
      ["service-unavailable", "unsupported"],
      ["feature-not-implemented", "unsupported"],
      ["item-not-found", "unsupported"],
      ["bad-request", "error"],
    ];
    for (const [condition, kind] of cases) {
      assert.equal(classifyAddUserReply(errorReply(condition)).kind, kind, condition);
    }
    assert.deepEqual(classifyAddUserReply(errorReply("bad-request")), {
      kind: "error",
      condition: "bad-request",
    });
  });

  it("rejects replies that are not command results", () => {
    assert.equal(classifyAddUserReply(el("iq", { type: "get" })).kind, "error");
    assert.deepEqual(classifyAddUserReply(el("iq", { type: "result" })), {
      kind: "error",
      condition: "no-command-in-reply",
    });
    assert.deepEqual(classifyAddUserReply(commandReply({ status: "canceled" })), {
      kind: "error",
      condition: "command-canceled",
    });
  });
});
