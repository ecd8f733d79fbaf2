import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { XmppOptionsError } from "../../../functions/adapters/xmpp/errors.ts";
import { resolveSessionConfig } from "../../../functions/adapters/xmpp/session-config.ts";
import type { XmppSessionOptions } from "../../../functions/adapters/xmpp/types.ts";

const valid: XmppSessionOptions = {
  service: "xmpp://127.0.0.1:5222",
  jid: "acs@xmpp.example.com",
  password: "pw",
  resource: "acs-1",
  requireTls: true,
};

describe("resolveSessionConfig", () => {
  it("derives the SASL username and domain from the bare JID and applies defaults", () => {
    // Act
    const config = resolveSessionConfig(valid);
    // Assess
    assert.equal(config.username, "acs");
    assert.equal(config.domain, "xmpp.example.com");
    assert.equal(config.tlsRejectUnauthorized, true);
    assert.equal(config.keepAliveIntervalMs, 60_000);
    assert.equal(config.keepAliveTimeoutMs, 10_000);
    assert.deepEqual(config.reconnect, { initialDelayMs: 1_000, maxDelayMs: 60_000 });
  });

  it("rejects unusable options with the option's name", () => {
    // Prepare
    const bad: Array<[Partial<XmppSessionOptions>, string]> = [
      [{ service: "http://x:1" }, "service"],
      [{ service: "not a url" }, "service"],
      [{ jid: "acs@example.com/res" }, "jid"],
      [{ jid: "example.com" }, "jid"],
      [{ resource: " " }, "resource"],
      [{ keepAliveIntervalMs: 0 }, "keepAliveIntervalMs"],
      [{ reconnect: { initialDelayMs: 10, maxDelayMs: 5 } }, "reconnect.maxDelayMs"],
    ];
    // Act / Assess
    for (const [override, option] of bad) {
      assert.throws(
        () => resolveSessionConfig({ ...valid, ...override }),
        (error: unknown) => error instanceof XmppOptionsError && error.option === option,
        option,
      );
    }
  });
});
