import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { planStages } from "../../../functions/core/campaign/stage-plan.ts";

const sizes = (matched: number, stages: Parameters<typeof planStages>[1]) => {
  const plan = planStages(matched, stages);
  return Array.from({ length: plan.count }, (_, i) => plan.size(i));
};
const base = { soakSeconds: 0, stageTimeoutSeconds: 900 };

describe("planStages", () => {
  it("puts every device in one stage when no stages are given", () => {
    assert.deepEqual(sizes(40, base), [40]);
  });

  it("plans a canary, then waves of a percentage of matched (rounded up), the last taking the rest", () => {
    // 100 matched, canary 5, waves of 25% = 25: 5, 25, 25, 25, 20.
    assert.deepEqual(
      sizes(100, { ...base, canary: 5, waves: { percent: 25 } }),
      [5, 25, 25, 25, 20],
    );
    // 10 matched, 33% = ceil(3.3) = 4: 4, 4, 2.
    assert.deepEqual(sizes(10, { ...base, waves: { percent: 33 } }), [4, 4, 2]);
  });

  it("plans waves of a fixed size after the canary", () => {
    assert.deepEqual(sizes(12, { ...base, canary: 2, waves: { size: 4 } }), [2, 4, 4, 2]);
  });

  it("takes every device left in one wave after the canary when no waves are given", () => {
    assert.deepEqual(sizes(12, { ...base, canary: 2 }), [2, 10]);
  });

  it("caps a canary larger than the matched count at that count", () => {
    assert.deepEqual(sizes(3, { ...base, canary: 5, waves: { size: 2 } }), [3]);
  });

  it("plans one empty stage when nothing matched, and size 0 outside the plan", () => {
    const plan = planStages(0, { ...base, canary: 5, waves: { percent: 10 } });
    assert.equal(plan.count, 1);
    assert.deepEqual([plan.size(0), plan.size(1), plan.size(-1)], [0, 0, 0]);
  });
});
