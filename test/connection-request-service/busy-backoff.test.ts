import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { decideBusyRetry } from "../../functions/core/connection-request/busy-backoff.ts";

const settings = { maxAttempts: 6, baseSeconds: 5, maxSeconds: 300 };

describe("decideBusyRetry", () => {
  it("stays within [ceiling/2, ceiling] of the capped exponential, and never before Retry-After", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.option(fc.integer({ min: 0, max: 100_000 }), { nil: undefined }),
        fc.double({ min: 0, max: 0.999_999, noNaN: true }),
        (receiveCount, retryAfterSeconds, random) => {
          // Act
          const decision = decideBusyRetry({
            receiveCount,
            retryAfterSeconds,
            notAfter: undefined,
            now: 0,
            settings,
            random: () => random,
          });

          // Assess
          assert.equal(decision.kind, "retry");
          if (decision.kind !== "retry") return;
          const ceiling = Math.min(300, 5 * 2 ** (receiveCount - 1));
          assert.ok(decision.delaySeconds >= Math.min(43_200, retryAfterSeconds ?? 0));
          assert.ok(decision.delaySeconds >= Math.floor(ceiling / 2));
          assert.ok(
            decision.delaySeconds <=
              Math.max(Math.ceil(ceiling), Math.min(43_200, retryAfterSeconds ?? 0)),
          );
          assert.ok(decision.delaySeconds <= 43_200, "SQS visibility ceiling");
        },
      ),
    );
  });

  it("gives up at the last attempt whatever the Retry-After", () => {
    // Act
    const decision = decideBusyRetry({
      receiveCount: 6,
      retryAfterSeconds: 1,
      notAfter: undefined,
      now: 0,
      settings,
      random: () => 0,
    });

    // Assess
    assert.equal(decision.kind, "give-up");
  });
});
