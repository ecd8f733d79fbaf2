import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  classifyConnectionRequestReply,
  NS_STANZAS,
  stanzaErrorCondition,
  type XmlNodeLike,
} from "../../../functions/adapters/xmpp/classify-iq-reply.ts";

function el(
  name: string,
  attrs: Record<string, string> = {},
  ...children: Array<XmlNodeLike | string>
): XmlNodeLike {
  return { name, attrs, children };
}

const echo = el(
  "connectionRequest",
  { xmlns: "urn:broadband-forum-org:cwmp:xmppConnReq-1-0" },
  el("username", {}, "u"),
  el("password", {}, "secret"),
);

function errorReply(condition: XmlNodeLike, type = "cancel"): XmlNodeLike {
  return el(
    "iq",
    { type: "error", id: "cr-1" },
    echo,
    el("error", { type }, condition, el("text", { xmlns: NS_STANZAS }, "busy")),
  );
}

describe("classifyConnectionRequestReply", () => {
  it("treats a result as delivered", () => {
    assert.deepEqual(classifyConnectionRequestReply(el("iq", { type: "result" })), {
      kind: "delivered",
    });
  });

  it("recognises service-unavailable next to the echoed request", () => {
    // Act
    const outcome = classifyConnectionRequestReply(
      errorReply(el("service-unavailable", { xmlns: NS_STANZAS })),
    );
    // Assess
    assert.deepEqual(outcome, { kind: "service-unavailable" });
  });

  it("maps not-authorized and the misspelt not-autorized alike", () => {
    // Act
    const outcomes = ["not-authorized", "not-autorized"].map((name) =>
      classifyConnectionRequestReply(errorReply(el(name, { xmlns: NS_STANZAS }), "auth")),
    );
    // Assess
    assert.deepEqual(outcomes, [{ kind: "not-authorized" }, { kind: "not-authorized" }]);
  });

  it("returns any other condition with its error type", () => {
    // Act
    const outcome = classifyConnectionRequestReply(
      errorReply(el("resource-constraint", { xmlns: NS_STANZAS }), "wait"),
    );
    // Assess
    assert.deepEqual(outcome, {
      kind: "error",
      condition: "resource-constraint",
      errorType: "wait",
    });
  });

  it("falls back to undefined-condition when the error is empty or missing", () => {
    // Act
    const empty = classifyConnectionRequestReply(el("iq", { type: "error" }, el("error", {})));
    const missing = classifyConnectionRequestReply(el("iq", { type: "error" }));
    // Assess
    assert.deepEqual(empty, { kind: "error", condition: "undefined-condition" });
    assert.deepEqual(missing, { kind: "error", condition: "undefined-condition" });
  });

  it("flags an IQ of another type", () => {
    assert.deepEqual(classifyConnectionRequestReply(el("iq", { type: "get" })), {
      kind: "error",
      condition: "unexpected-iq-type",
    });
  });
});

describe("stanzaErrorCondition", () => {
  it("prefers the stanzas-namespace child over an application-specific one", () => {
    // Prepare
    const error = el(
      "error",
      { type: "cancel" },
      el("text", { xmlns: NS_STANZAS }, "x"),
      el("vendor-busy", { xmlns: "urn:example:vendor" }),
      el("conflict", { xmlns: NS_STANZAS }),
    );
    // Act / Assess
    assert.equal(stanzaErrorCondition(error), "conflict");
  });

  it("accepts a condition in a wrong namespace when it is the only one", () => {
    assert.equal(stanzaErrorCondition(el("error", {}, el("not-autorized"))), "not-autorized");
  });
});
