import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { IqIdCollisionError } from "../../../functions/adapters/xmpp/errors.ts";
import { createIqTracker, type TimerApi } from "../../../functions/adapters/xmpp/iq-tracker.ts";

/** Timers fired by hand, so the tests never wait. */
function manualTimers() {
  const timers = new Map<number, () => void>();
  let next = 0;
  const api: TimerApi = {
    setTimeout(callback) {
      next += 1;
      timers.set(next, callback);
      return next;
    },
    clearTimeout(handle) {
      timers.delete(handle as number);
    },
  };
  const fireAll = () => {
    for (const [id, callback] of [...timers]) {
      timers.delete(id);
      callback();
    }
  };
  return { api, fireAll, active: () => timers.size };
}

describe("createIqTracker", () => {
  it("settles a tracked IQ with its reply and forgets it", async () => {
    // Prepare
    const timers = manualTimers();
    const tracker = createIqTracker<string>({ timers: timers.api });
    const pending = tracker.track("a", { timeoutMs: 1_000 });
    // Act
    const consumed = tracker.resolve("a", "reply-a");
    // Assess
    assert.equal(consumed, true);
    assert.deepEqual(await pending, { kind: "reply", reply: "reply-a" });
    assert.equal(tracker.size, 0);
    assert.equal(timers.active(), 0);
  });

  it("times out, then ignores a late reply", async () => {
    // Prepare
    const timers = manualTimers();
    const tracker = createIqTracker<string>({ timers: timers.api });
    const pending = tracker.track("a", { timeoutMs: 10 });
    // Act
    timers.fireAll();
    const late = tracker.resolve("a", "too late");
    // Assess
    assert.deepEqual(await pending, { kind: "timeout" });
    assert.equal(late, false);
    assert.equal(tracker.size, 0);
  });

  it("keeps the IQ pending when the reply is not accepted (wrong sender)", async () => {
    // Prepare
    const timers = manualTimers();
    const tracker = createIqTracker<string>({ timers: timers.api });
    const pending = tracker.track("a", { timeoutMs: 10, accepts: (r) => r === "from-cpe" });
    // Act
    const spoofed = tracker.resolve("a", "from-elsewhere");
    const genuine = tracker.resolve("a", "from-cpe");
    // Assess
    assert.deepEqual([spoofed, genuine], [false, true]);
    assert.deepEqual(await pending, { kind: "reply", reply: "from-cpe" });
  });

  it("aborts every pending IQ at once and clears all timers", async () => {
    // Prepare
    const timers = manualTimers();
    const tracker = createIqTracker<string>({ timers: timers.api });
    const pending = ["a", "b", "c"].map((id) => tracker.track(id, { timeoutMs: 10 }));
    // Act
    const count = tracker.abortAll("disconnected");
    // Assess
    assert.equal(count, 3);
    for (const settlement of await Promise.all(pending)) {
      assert.deepEqual(settlement, { kind: "aborted", reason: "disconnected" });
    }
    assert.equal(tracker.size, 0);
    assert.equal(timers.active(), 0);
  });

  it("aborts one IQ by id, e.g. when its send failed", async () => {
    // Prepare
    const tracker = createIqTracker<string>({ timers: manualTimers().api });
    const pending = tracker.track("a", { timeoutMs: 10 });
    // Act
    const aborted = tracker.abort("a", "send-failed");
    // Assess
    assert.equal(aborted, true);
    assert.deepEqual(await pending, { kind: "aborted", reason: "send-failed" });
    assert.equal(tracker.abort("a", "send-failed"), false);
  });

  it("refuses a second pending IQ with the same id", () => {
    // Prepare
    const tracker = createIqTracker<string>({ timers: manualTimers().api });
    void tracker.track("a", { timeoutMs: 10 });
    // Act / Assess
    assert.throws(() => tracker.track("a", { timeoutMs: 10 }), IqIdCollisionError);
    assert.equal(tracker.size, 1);
  });
});
