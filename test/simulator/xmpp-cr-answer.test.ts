import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { IncomingIq } from "../../functions/adapters/xmpp/xmpp-endpoint.ts";
import {
  answerXmppConnectionRequest,
  isAllowedJabberId,
  NS_XMPP_CONN_REQ,
  type XmppCrPolicy,
} from "../../functions/simulator/xmpp-cr-answer.ts";

function crIq(overrides: Partial<IncomingIq> & { username?: string; password?: string } = {}) {
  const texts: Record<string, string | undefined> = {
    username: overrides.username ?? "u",
    password: overrides.password ?? "p",
  };
  return {
    id: "cr-1",
    from: "acs@x.test/acs-1",
    type: "get",
    payload: { name: "connectionRequest", namespace: NS_XMPP_CONN_REQ, childText: (n) => texts[n] },
    ...overrides,
  } satisfies IncomingIq;
}

function policy(answer: "accepted" | "busy" = "accepted", allowed = "") {
  const calls: string[] = [];
  const value: XmppCrPolicy = {
    allowedJabberIds: allowed,
    username: "u",
    password: "p",
    connectionRequest: () => {
      calls.push("cr");
      return answer;
    },
  };
  return { value, calls };
}

describe("isAllowedJabberId", () => {
  it("allows everyone when the list is empty", () => {
    assert.equal(isAllowedJabberId("any@x.test/r", ""), true);
    assert.equal(isAllowedJabberId("any@x.test/r", " , "), true);
  });

  it("matches a bare entry against any resource, case-insensitively", () => {
    assert.equal(isAllowedJabberId("ACS@x.test/acs-9", "other@x.test, acs@x.test"), true);
    assert.equal(isAllowedJabberId("evil@x.test/acs-9", "acs@x.test"), false);
  });

  it("matches a full entry only with that exact resource", () => {
    assert.equal(isAllowedJabberId("acs@x.test/acs-1", "acs@x.test/acs-1"), true);
    assert.equal(isAllowedJabberId("acs@x.test/acs-2", "acs@x.test/acs-1"), false);
  });

  it("refuses a missing sender when a list is set", () => {
    assert.equal(isAllowedJabberId(undefined, "acs@x.test"), false);
  });
});

describe("answerXmppConnectionRequest", () => {
  it("accepts the right credentials from an allowed JID and starts a session", () => {
    const { value, calls } = policy("accepted", "acs@x.test");
    assert.deepEqual(answerXmppConnectionRequest(crIq(), value), { kind: "result" });
    assert.deepEqual(calls, ["cr"]);
  });

  it("answers not-authorized to wrong or missing credentials without a session", () => {
    const { value, calls } = policy();
    for (const iq of [crIq({ password: "x" }), crIq({ username: "x" })]) {
      assert.deepEqual(answerXmppConnectionRequest(iq, value), {
        kind: "error",
        errorType: "auth",
        condition: "not-authorized",
      });
    }
    assert.deepEqual(calls, []);
  });

  it("answers service-unavailable to a disallowed JID before checking credentials", () => {
    const { value, calls } = policy("accepted", "acs@x.test");
    const answer = answerXmppConnectionRequest(
      crIq({ from: "evil@x.test/r", password: "x" }),
      value,
    );
    assert.equal(answer.kind === "error" && answer.condition, "service-unavailable");
    assert.deepEqual(calls, []);
  });

  it("answers service-unavailable when busy, for another namespace and for a set", () => {
    const busy = policy("busy").value;
    const other = crIq();
    const wrongNs = { ...other, payload: { ...other.payload, namespace: "urn:other" } };
    for (const [iq, p] of [
      [crIq(), busy],
      [wrongNs, policy().value],
      [crIq({ type: "set" }), policy().value],
    ] as const) {
      const answer = answerXmppConnectionRequest(iq, p);
      assert.equal(answer.kind === "error" && answer.condition, "service-unavailable");
    }
  });
});
