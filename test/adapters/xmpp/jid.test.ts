import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isPlausibleReplier, parseJid } from "../../../functions/adapters/xmpp/jid.ts";

describe("parseJid", () => {
  it("splits a full JID", () => {
    assert.deepEqual(parseJid("cpe-1@xmpp.example.com/cwmp"), {
      ok: true,
      jid: { local: "cpe-1", domain: "xmpp.example.com", resource: "cwmp" },
    });
  });

  it("keeps slashes and @ inside the resource", () => {
    const parsed = parseJid("a@b/c/d@e");
    assert.ok(parsed.ok);
    assert.equal(parsed.jid.resource, "c/d@e");
  });

  it("refuses missing, empty-part and malformed JIDs", () => {
    // Act
    const results = [undefined, null, "", "  ", "@d", "a@", "a@b/", "a@b@c", "a b@c", "a@b c"].map(
      (value) => parseJid(value).ok,
    );
    // Assess
    assert.ok(results.every((ok) => ok === false));
  });

  it("refuses parts longer than 1023 octets", () => {
    assert.equal(parseJid(`${"x".repeat(1024)}@d/r`).ok, false);
  });
});

describe("isPlausibleReplier", () => {
  const to = { local: "cpe", domain: "example.com", resource: "cwmp" };

  it("accepts the addressee, its bare JID and its server, case-insensitively", () => {
    const froms = [
      "cpe@example.com/cwmp",
      "CPE@Example.com/cwmp",
      "cpe@example.com",
      "example.com",
    ];
    assert.deepEqual(
      froms.map((from) => isPlausibleReplier(from, to)),
      [true, true, true, true],
    );
  });

  it("rejects other entities, other resources and a missing from", () => {
    const froms = ["other@example.com/cwmp", "cpe@example.com/CWMP", "evil.com", undefined];
    assert.deepEqual(
      froms.map((from) => isPlausibleReplier(from, to)),
      [false, false, false, false],
    );
  });
});
