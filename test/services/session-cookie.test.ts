import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  parseSessionCookie,
  sessionCookie,
  withSecureAttribute,
} from "../../functions/services/session-cookie.ts";

describe("withSecureAttribute", () => {
  it("adds Secure to the session cookie, keeping its other attributes", () => {
    const cookie = sessionCookie({ deviceId: "D1", sessionId: "a".repeat(22) });

    assert.equal(withSecureAttribute(cookie), `${cookie}; Secure`);
  });

  it("does not add it twice", () => {
    assert.equal(withSecureAttribute("a=b; Secure"), "a=b; Secure");
    assert.equal(withSecureAttribute("a=b; secure; Path=/"), "a=b; secure; Path=/");
    assert.equal(withSecureAttribute("a=b; Path=/secure"), "a=b; Path=/secure; Secure");
  });
});

describe("the next-task hint", () => {
  it("round-trips the queue head's id and is left out when idle", () => {
    const sessionId = "a".repeat(22);
    const value = (cookie: string) => (cookie.split(";")[0] ?? "").slice("acs_sid=".length);

    const hinted = value(sessionCookie({ deviceId: "D:1", sessionId, nextTaskId: "01ABC" }));
    const idle = value(sessionCookie({ deviceId: "D1", sessionId, idle: true, nextTaskId: "X" }));

    assert.deepEqual(parseSessionCookie({ acs_sid: hinted }), {
      deviceId: "D:1",
      sessionId,
      nextTaskId: "01ABC",
    });
    assert.deepEqual(parseSessionCookie({ acs_sid: idle }), {
      deviceId: "D1",
      sessionId,
      idle: true,
    });
  });

  it("drops a task id it could not carry safely, and parses a cookie without a hint as before", () => {
    const sessionId = "b".repeat(22);

    const odd = sessionCookie({ deviceId: "D1", sessionId, nextTaskId: "a;b" });

    assert.equal(odd, `acs_sid=D1:${sessionId}; Path=/; HttpOnly`);
    assert.deepEqual(parseSessionCookie({ acs_sid: `D1:${sessionId}` }), {
      deviceId: "D1",
      sessionId,
    });
  });
});
