import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  type Delivery,
  fallbackStatus,
  httpFailedAttempt,
  type SettleContext,
  settleDelivery,
  xmppFailedAttempt,
} from "../../../functions/core/connection-request/settle-delivery.ts";

const at = 1_700_000_000_000;
const context: SettleContext = {
  receiveCount: 1,
  notAfter: undefined,
  now: at,
  busy: { maxAttempts: 3, baseSeconds: 10, maxSeconds: 60 },
  random: () => 0,
};
const target = { address: "198.51.100.7", port: 40000, source: "stun-binding" } as const;
const xmppDown = xmppFailedAttempt({ kind: "session-down", latencyMs: 3.4 });
const httpRefused = httpFailedAttempt({
  kind: "unreachable",
  reason: "connection-refused",
  latencyMs: 12,
});

describe("settleDelivery: the attempts of one connection request", () => {
  it("lists XMPP and HTTP as failed, then UDP with the request's outcome", () => {
    // Prepare
    const delivery: Delivery = {
      at,
      final: {
        method: "udp",
        outcome: { kind: "delivered", target, datagrams: 2, latencyMs: 800.4 },
      },
      earlier: [xmppDown, httpRefused],
    };

    // Act
    const { status } = settleDelivery(delivery, context);

    // Assess
    assert.equal(status.outcome, "delivered");
    assert.deepEqual(
      status.attempts?.map(({ method, outcome }) => `${method}:${outcome}`),
      ["xmpp:failed", "http:failed", "udp:delivered"],
    );
    assert.equal(status.attempts?.[2]?.latencyMs, 800);
    assert.match(status.attempts?.[0]?.detail ?? "", /session-down/);
    assert.match(status.attempts?.[1]?.detail ?? "", /connection-refused/);
  });

  it("gives the final attempt only its own detail, not the notes on earlier methods", () => {
    // Prepare
    const delivery: Delivery = {
      at,
      final: {
        method: "http",
        outcome: { kind: "delivered", status: 204, authenticated: true, latencyMs: 5 },
      },
      xmppNote: "xmpp session-down",
      earlier: [xmppDown],
    };

    // Act
    const { status } = settleDelivery(delivery, context);

    // Assess
    assert.match(status.detail ?? "", /after xmpp session-down/);
    assert.deepEqual(status.attempts?.[1], {
      method: "http",
      outcome: "delivered",
      latencyMs: 5,
      detail: "http 204",
    });
  });

  it("keeps the earlier attempts when no method could reach the device", () => {
    // Prepare
    const delivery: Delivery = {
      at,
      final: { method: "none", reason: "no-connection-request-url" },
      earlier: [xmppDown],
    };

    // Act
    const { status } = settleDelivery(delivery, context);

    // Assess
    assert.equal(status.method, "none");
    assert.deepEqual(status.attempts, [xmppDown]);
  });

  it("records no attempts list when nothing was tried", () => {
    // Act
    const { status } = settleDelivery(
      { at, final: { method: "none", reason: "no-connection-request-url" } },
      context,
    );

    // Assess
    assert.equal("attempts" in status, false);
  });

  it("gives the interim fallback record the failed method and every attempt so far", () => {
    // Act
    const status = fallbackStatus(at, [xmppDown], httpRefused);

    // Assess
    assert.deepEqual(
      { method: status.method, outcome: status.outcome, detail: status.detail },
      { method: "http", outcome: "fallback", detail: httpRefused.detail },
    );
    assert.deepEqual(status.attempts, [xmppDown, httpRefused]);
  });
});
