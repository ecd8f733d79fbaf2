import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { computeBackoffDelay } from "../../../functions/adapters/xmpp/backoff.ts";

const base = { initialDelayMs: 100, maxDelayMs: 1_000 };

describe("computeBackoffDelay", () => {
  it("scales a uniform draw by initial * 2^attempt (full jitter)", () => {
    // Act
    const delays = [0, 1, 2, 3].map((attempt) =>
      computeBackoffDelay({ ...base, attempt, random: () => 0.5 }),
    );
    // Assess
    assert.deepEqual(delays, [50, 100, 200, 400]);
  });

  it("caps the ceiling at maxDelayMs, even for huge attempt numbers", () => {
    // Act
    const delays = [4, 10, 1_000, Number.MAX_SAFE_INTEGER].map((attempt) =>
      computeBackoffDelay({ ...base, attempt, random: () => 0.999 }),
    );
    // Assess
    assert.deepEqual(delays, [999, 999, 999, 999]);
  });

  it("spans [0, ceiling) across the random range", () => {
    // Act
    const low = computeBackoffDelay({ ...base, attempt: 2, random: () => 0 });
    const high = computeBackoffDelay({ ...base, attempt: 2, random: () => 0.9999 });
    // Assess
    assert.equal(low, 0);
    assert.equal(high, 399);
  });

  it("treats a negative attempt as the first and clamps a misbehaving random source", () => {
    // Act
    const negative = computeBackoffDelay({ ...base, attempt: -3, random: () => 0.5 });
    const tooBig = computeBackoffDelay({ ...base, attempt: 0, random: () => 7 });
    const notANumber = computeBackoffDelay({ ...base, attempt: 0, random: () => Number.NaN });
    // Assess
    assert.deepEqual([negative, tooBig, notANumber], [50, 100, 0]);
  });
});
