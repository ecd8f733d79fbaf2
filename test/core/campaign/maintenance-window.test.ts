import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  isWindowOpen,
  minutesOfDay,
  nextWindowOpening,
} from "../../../functions/core/campaign/maintenance-window.ts";

const at = (time: string) => Date.parse(`2027-03-10T${time}:00Z`);

describe("maintenance window", () => {
  it("reads HH:MM and refuses anything else", () => {
    assert.deepEqual(
      ["00:00", "23:59", "01:30", "24:00", "1:30", "12:60", "noon"].map(minutesOfDay),
      [0, 1439, 90, undefined, undefined, undefined, undefined],
    );
  });

  it("is open from start (inclusive) to end (exclusive) within a day", () => {
    const window = { start: "01:00", end: "05:00" };
    assert.deepEqual(
      ["00:59", "01:00", "04:59", "05:00"].map((t) => isWindowOpen(window, at(t))),
      [false, true, true, false],
    );
  });

  it("wraps midnight when the end is before the start", () => {
    const window = { start: "22:00", end: "02:00" };
    assert.deepEqual(
      ["21:59", "22:00", "23:59", "00:00", "01:59", "02:00"].map((t) =>
        isWindowOpen(window, at(t)),
      ),
      [false, true, true, true, true, false],
    );
  });

  it("gives the next opening: now when open, today's start, or tomorrow's", () => {
    const window = { start: "01:00", end: "05:00" };
    assert.equal(nextWindowOpening(window, at("02:00")), at("02:00"));
    assert.equal(nextWindowOpening(window, at("00:30")), at("01:00"));
    assert.equal(nextWindowOpening(window, at("06:00")), at("01:00") + 86_400_000);
    assert.equal(nextWindowOpening(undefined, at("06:00")), at("06:00"));
  });
});
