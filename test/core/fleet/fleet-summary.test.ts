import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  type FleetSummaryRow,
  lastSeenHourOf,
  maxSummaryValues,
  otherValue,
  seenSinceHour,
  summarizeFleetRows,
  unknownValue,
} from "../../../functions/core/fleet/fleet-summary.ts";

const now = Date.UTC(2026, 11, 7, 10, 30);
const hourMs = 3_600_000;
const row = (overrides: Partial<FleetSummaryRow> = {}): FleetSummaryRow => ({
  productClass: "HGW",
  lastSeenHour: lastSeenHourOf(now),
  ...overrides,
});

describe("summarizeFleetRows", () => {
  it("counts product classes and software versions, most frequent first, ties by value", () => {
    // Prepare
    const rows = [
      row({ productClass: "B", softwareVersion: "1.0" }),
      row({ productClass: "A", softwareVersion: "2.0" }),
      row({ productClass: "A", softwareVersion: "2.0" }),
      row({ productClass: "C" }),
    ];
    // Act
    const summary = summarizeFleetRows(rows, now);
    // Assess
    assert.equal(summary.devices, 4);
    assert.deepEqual(summary.byProductClass, [
      { value: "A", count: 2 },
      { value: "B", count: 1 },
      { value: "C", count: 1 },
    ]);
    assert.deepEqual(summary.bySoftwareVersion, [
      { value: "2.0", count: 2 },
      { value: unknownValue, count: 1 },
      { value: "1.0", count: 1 },
    ]);
  });

  it("tells XMPP-ready, HTTP-only and unreachable devices apart", () => {
    // Prepare
    const rows = [
      row({ connReqJabberId: "cpe@xmpp.example/cwmp", connectionRequestUrl: "http://192.0.2.1/" }),
      row({ connReqJabberId: "cpe2@xmpp.example/cwmp" }),
      row({ connectionRequestUrl: "http://192.0.2.2/" }),
      row({ connReqJabberId: "", connectionRequestUrl: "http://192.0.2.3/" }),
      row(),
    ];
    // Act
    const summary = summarizeFleetRows(rows, now);
    // Assess
    assert.deepEqual(summary.connectionRequest, { xmppReady: 2, httpOnly: 2, unreachable: 1 });
  });

  it("counts as seen in the last 24 h the hours from 24 h ago on, whole", () => {
    // Prepare: 10:30 now; 10:xx yesterday still counts, 09:59 yesterday does not.
    const rows = [
      row({ lastSeenHour: lastSeenHourOf(now) }),
      row({ lastSeenHour: lastSeenHourOf(now - 24 * hourMs - 29 * 60_000) }),
      row({ lastSeenHour: lastSeenHourOf(now - 24 * hourMs - 31 * 60_000) }),
      row({ lastSeenHour: undefined }),
    ];
    // Act
    const summary = summarizeFleetRows(rows, now);
    // Assess
    assert.equal(seenSinceHour(now), "2026-12-06T10");
    assert.equal(summary.seenLast24h, 2);
  });

  it("folds values past the limit into one other entry, losing no device", () => {
    // Prepare
    const rows = Array.from({ length: maxSummaryValues + 5 }, (_, i) =>
      row({ softwareVersion: `v${String(i).padStart(3, "0")}` }),
    );
    // Act
    const summary = summarizeFleetRows(rows, now);
    // Assess
    assert.equal(summary.bySoftwareVersion.length, maxSummaryValues);
    assert.deepEqual(summary.bySoftwareVersion.at(-1), { value: otherValue, count: 6 });
    const total = summary.bySoftwareVersion.reduce((sum, entry) => sum + entry.count, 0);
    assert.equal(total, rows.length);
  });

  it("says whether the count is complete as told", () => {
    // Act
    const summary = summarizeFleetRows([row()], now, false);
    // Assess
    assert.equal(summary.complete, false);
    assert.equal(summary.generatedAt, now);
  });
});
