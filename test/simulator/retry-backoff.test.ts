import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { retryDelayMs } from "../../functions/simulator/retry-backoff.ts";

const defaults = { minWaitSec: 5, multiplier: 2000 };

describe("retryDelayMs (TR-069 3.2.1.1)", () => {
  it("waits between m*(k/1000)^(n-1) and m*(k/1000)^n seconds", () => {
    assert.equal(
      retryDelayMs(defaults, 1, () => 0),
      5_000,
    );
    assert.equal(
      retryDelayMs(defaults, 1, () => 1),
      10_000,
    );
    assert.equal(
      retryDelayMs(defaults, 3, () => 0),
      20_000,
    );
    assert.equal(
      retryDelayMs(defaults, 3, () => 1),
      40_000,
    );
  });

  it("stops growing after the tenth retry", () => {
    assert.equal(
      retryDelayMs(defaults, 25, () => 1),
      retryDelayMs(defaults, 10, () => 1),
    );
    assert.equal(
      retryDelayMs(defaults, 10, () => 1),
      5_120_000,
    );
  });
});
