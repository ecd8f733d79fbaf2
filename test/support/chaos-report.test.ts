import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  isIdlePeriodic,
  type ObservedSession,
  refusals,
  repeatedRpcs,
  sendsOf,
  sessionsBetween,
} from "./chaos-report.ts";

const session = (over: Partial<ObservedSession>): ObservedSession => ({
  serial: "S1",
  startedAtMs: 0,
  endedAtMs: 10,
  kind: "completed",
  events: ["2 PERIODIC"],
  rpcs: [],
  ...over,
});

describe("chaos report helpers", () => {
  it("finds an RPC signature that came twice in one session, not across sessions", () => {
    const sessions = [
      session({ rpcs: ["Reboot:T1", "GetParameterValues:Device.A"] }),
      session({ startedAtMs: 20, rpcs: ["Reboot:T1"] }),
      session({ startedAtMs: 40, rpcs: ["AddObject:Device.X.", "AddObject:Device.X."] }),
    ];

    assert.deepEqual(repeatedRpcs(sessions), [
      { serial: "S1", startedAtMs: 40, signature: "AddObject:Device.X.", count: 2 },
    ]);
    assert.equal(sendsOf(sessions, "Reboot:T1"), 2);
  });

  it("measures a run of 503s until the next session the ACS took, or to the end", () => {
    const sessions = [
      session({ serial: "A", kind: "busy", startedAtMs: 100, retryAfterSec: 3 }),
      session({ serial: "A", kind: "busy", startedAtMs: 3100, retryAfterSec: 1 }),
      session({ serial: "A", startedAtMs: 4200 }),
      session({ serial: "B", kind: "busy", startedAtMs: 500 }),
    ];

    assert.deepEqual(refusals(sessions, 9000), [
      { serial: "A", firstAtMs: 100, retryAfterSec: [3, 1], refusedMs: 4100, ongoing: false },
      { serial: "B", firstAtMs: 500, retryAfterSec: [undefined], refusedMs: 8500, ongoing: true },
    ]);
  });

  it("counts the sessions that overlap a window, without 503s, and tells idle periodic ones", () => {
    const sessions = [
      session({ startedAtMs: 0, endedAtMs: 15 }),
      session({ kind: "busy", startedAtMs: 20, endedAtMs: 21 }),
      session({ startedAtMs: 30, endedAtMs: 40, events: ["1 BOOT", "M Reboot"] }),
      session({ startedAtMs: 50, endedAtMs: 60 }),
    ];

    const window = sessionsBetween(sessions, 10, 45);

    assert.deepEqual(
      window.map((s) => s.startedAtMs),
      [0, 30],
    );
    assert.deepEqual(window.map(isIdlePeriodic), [true, false]);
  });
});
