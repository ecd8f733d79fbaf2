import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseRetryAfter } from "../../../functions/adapters/http-cr/parse-retry-after.ts";

describe("parseRetryAfter", () => {
  const now = Date.parse("2025-01-01T00:00:00Z");
  const cases = [
    [undefined, undefined],
    ["120", 120],
    [" 0 ", 0],
    ["Wed, 01 Jan 2025 00:00:30 GMT", 30],
    ["Tue, 31 Dec 2024 23:59:00 GMT", 0],
    ["-5", undefined],
    ["soon", undefined],
    ["1.5", undefined],
  ] as const;
  for (const [value, expected] of cases) {
    it(`reads ${JSON.stringify(value)} as ${expected}`, () => {
      // Act + Assess
      assert.equal(parseRetryAfter(value, now), expected);
    });
  }
});
