import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  type IdleAtInformContext,
  idleAtInform,
} from "../../../functions/core/session/idle-at-inform.ts";

const now = 1_800_000_000_000;
const base: IdleAtInformContext = {
  informUnchanged: true,
  abandoned: false,
  events: ["2 PERIODIC"],
  queuedTasks: 0,
  provisioningFingerprint: undefined,
  provisioningQuiet: undefined,
  now,
};
const quiet = { until: now + 1, fingerprint: "f1" };

describe("idleAtInform", () => {
  it("is idle for a periodic, scheduled or connection-request Inform with nothing queued", () => {
    for (const events of [
      ["2 PERIODIC"],
      ["3 SCHEDULED"],
      ["6 CONNECTION REQUEST", "2 PERIODIC"],
    ]) {
      assert.equal(idleAtInform({ ...base, events }), true, events.join());
    }
  });

  it("is not idle with a task queued, after an abandoned session, or without events", () => {
    assert.equal(idleAtInform({ ...base, queuedTasks: 1 }), false);
    assert.equal(idleAtInform({ ...base, abandoned: true }), false);
    assert.equal(idleAtInform({ ...base, events: [] }), false);
  });

  it("is not idle for news to settle: transfers, diagnostics, method events, unknown codes", () => {
    for (const event of ["7 TRANSFER COMPLETE", "8 DIAGNOSTICS COMPLETE", "M Reboot", "X ACME"]) {
      assert.equal(idleAtInform({ ...base, events: ["2 PERIODIC", event] }), false, event);
    }
  });

  it("lets BOOT, BOOTSTRAP and VALUE CHANGE end idle only with provisioning off", () => {
    const events = ["0 BOOTSTRAP", "1 BOOT", "4 VALUE CHANGE"];
    assert.equal(idleAtInform({ ...base, events, informUnchanged: false }), true);
    const provisioned = {
      ...base,
      events,
      provisioningFingerprint: "f1",
      provisioningQuiet: quiet,
    };
    assert.equal(idleAtInform(provisioned), false);
  });

  it("with provisioning on, needs the profiles quiet under the same fingerprint and the facts unchanged", () => {
    const on = { ...base, provisioningFingerprint: "f1", provisioningQuiet: quiet };
    assert.equal(idleAtInform(on), true);
    assert.equal(idleAtInform({ ...on, provisioningQuiet: undefined }), false);
    assert.equal(idleAtInform({ ...on, provisioningFingerprint: "f2" }), false);
    assert.equal(idleAtInform({ ...on, now: quiet.until }), false);
    assert.equal(idleAtInform({ ...on, informUnchanged: false }), false);
  });
});
