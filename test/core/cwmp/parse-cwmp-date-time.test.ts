import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  formatCwmpDateTime,
  parseCwmpDateTime,
} from "../../../functions/core/cwmp/parse-cwmp-date-time.ts";

describe("parseCwmpDateTime", () => {
  const cases: [string, string | null][] = [
    ["2026-11-24T10:00:00Z", "2026-11-24T10:00:00.000Z"],
    ["2026-11-24T11:00:00+01:00", "2026-11-24T10:00:00.000Z"],
    ["2026-11-24T05:00:00-0500", "2026-11-24T10:00:00.000Z"],
    ["2026-11-24T10:00:00.250Z", "2026-11-24T10:00:00.250Z"],
    ["2026-11-24 10:00:00", "2026-11-24T10:00:00.000Z"],
    ["2015-01-19T23:08:24", "2015-01-19T23:08:24.000Z"],
    ["2019-03-05T11:54::14", "2019-03-05T11:54:14.000Z"],
    ["  2026-11-24T10:00Z ", "2026-11-24T10:00:00.000Z"],
    ["0001-01-01T00:00:00Z", null],
    ["", null],
    ["yesterday", null],
    ["2026-13-01T00:00:00Z", null],
  ];
  for (const [raw, iso] of cases) {
    it(`reads ${JSON.stringify(raw)} as ${iso ?? "unknown"}`, () => {
      const ms = parseCwmpDateTime(raw);
      assert.equal(ms === null ? null : new Date(ms).toISOString(), iso);
    });
  }

  it("formats UTC with whole seconds", () => {
    assert.equal(formatCwmpDateTime(Date.UTC(2026, 10, 24, 10, 0, 0, 999)), "2026-11-24T10:00:00Z");
  });
});
