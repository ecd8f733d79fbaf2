import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  abandonReason,
  isLive,
  remainingMs,
  renewLease,
  supersedeReason,
} from "../../../functions/core/session/lease.ts";

const now = 1_800_000_000_000;

describe("the session lease", () => {
  it("runs for the idle timeout after each exchange", () => {
    const lease = { expiresAt: renewLease(now, 30_000) };
    assert.equal(isLive(lease, now + 29_999), true);
    assert.equal(isLive(lease, now + 30_000), false);
    assert.equal(remainingMs(lease, now + 10_000), 20_000);
    assert.equal(remainingMs(lease, now + 40_000), 0);
    assert.equal(isLive(undefined, now), false);
  });

  it("is superseded at once by a reboot, a bootstrap or a retried session (TR-069 3.7.1.1)", () => {
    assert.equal(supersedeReason({ events: ["1 BOOT", "M Reboot"], retryCount: 0 }), "boot");
    assert.equal(
      supersedeReason({ events: ["0 BOOTSTRAP", "1 BOOT"], retryCount: 0 }),
      "bootstrap",
    );
    assert.equal(supersedeReason({ events: ["2 PERIODIC"], retryCount: 1 }), "inform-retry");
    assert.equal(supersedeReason({ events: ["2 PERIODIC"], retryCount: 0 }), undefined);
    assert.equal(supersedeReason({ events: ["6 CONNECTION REQUEST"], retryCount: 0 }), undefined);
  });

  it("calls a session left past its lease idle, and a live one superseded by the Inform's reason", () => {
    const live = { expiresAt: now + 5_000 };
    const expired = { expiresAt: now - 1 };
    assert.equal(abandonReason(live, "boot", now), "boot");
    assert.equal(abandonReason(expired, "boot", now), "idle");
    assert.equal(abandonReason(expired, undefined, now), "idle");
  });
});
