import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { startEventLoopLag } from "../../functions/local/event-loop-lag.ts";

describe("startEventLoopLag", () => {
  it("reports a blocked loop while it is blocked, before the overdue sample runs", () => {
    // Prepare: a clock the test moves; no sample can run while this test holds the loop.
    let nowMs = 1_000;
    const lag = startEventLoopLag({ intervalMs: 50, now: () => nowMs });
    try {
      const idle = lag.currentMs();

      // Act: 450 ms pass without the loop turning.
      nowMs += 450;
      const blocked = lag.currentMs();

      // Assess
      assert.equal(idle, 0);
      assert.equal(blocked, 400);
    } finally {
      lag.stop();
    }
  });
});
