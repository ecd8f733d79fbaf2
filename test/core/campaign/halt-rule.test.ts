import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { evaluateHalt, thresholdTripped } from "../../../functions/core/campaign/halt-rule.ts";

describe("thresholdTripped", () => {
  it("trips a percentage only once minFinished devices finished", () => {
    const rule = { failedPercent: 20, minFinished: 5 };
    assert.equal(thresholdTripped(rule, { succeeded: 0, failed: 4 }), false, "4 finished < 5");
    assert.equal(thresholdTripped(rule, { succeeded: 4, failed: 1 }), true, "1/5 = 20%");
    assert.equal(thresholdTripped(rule, { succeeded: 5, failed: 1 }), false, "1/6 < 20%");
  });

  it("trips a count at exactly that many failures", () => {
    assert.equal(thresholdTripped({ failedCount: 3 }, { succeeded: 50, failed: 2 }), false);
    assert.equal(thresholdTripped({ failedCount: 3 }, { succeeded: 0, failed: 3 }), true);
  });
});

describe("evaluateHalt", () => {
  it("names the stage rule with its numbers before the overall one", () => {
    const verdict = evaluateHalt(
      { stage: { failedCount: 2 }, overall: { failedCount: 2 } },
      { index: 1, succeeded: 3, failed: 2 },
      { succeeded: 8, failed: 2 },
    );
    assert.equal(verdict?.scope, "stage");
    assert.deepEqual([verdict?.failed, verdict?.finished], [2, 5]);
    assert.equal(verdict?.reason, "stage 1: 2 of 5 finished devices failed, limit 2 failed");
  });

  it("trips the overall rule across stages when the stage rule holds", () => {
    const verdict = evaluateHalt(
      {
        stage: { failedPercent: 50, minFinished: 4 },
        overall: { failedPercent: 10, minFinished: 10 },
      },
      { index: 2, succeeded: 4, failed: 0 },
      { succeeded: 9, failed: 1 },
    );
    assert.equal(verdict?.scope, "overall");
    assert.match(verdict?.reason ?? "", /^overall: 1 of 10 .* limit 10% once 10 finished$/);
  });

  it("never trips without rules", () => {
    assert.equal(
      evaluateHalt(undefined, { index: 0, succeeded: 0, failed: 9 }, { succeeded: 0, failed: 9 }),
      undefined,
    );
  });
});
