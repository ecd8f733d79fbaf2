import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isRetryable } from "../../../functions/core/session/task-policy.ts";

describe("isRetryable", () => {
  it("retries transient faults (TR-069 A.5.1) and nothing that fails the same way again", () => {
    // Prepare
    const fault = (code: number) => ({ code, string: `fault ${code}` });

    // Act
    const retried = [8005, 9002, 9004, 9010, 9015, 9017].filter((c) => isRetryable(fault(c)));
    const final = [9000, 9003, 9005, 9007, 9008, 9012, 9013, 9016, 9018].filter((c) =>
      isRetryable(fault(c)),
    );

    // Assess
    assert.deepEqual(retried, [8005, 9002, 9004, 9010, 9015, 9017]);
    assert.deepEqual(final, []);
  });
});
