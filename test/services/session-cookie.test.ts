import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { sessionCookie, withSecureAttribute } from "../../functions/services/session-cookie.ts";

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
