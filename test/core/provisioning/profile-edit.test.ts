import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { contentHash } from "../../../functions/core/provisioning/profile-hash.ts";
import {
  defaultProfileTiming,
  dueState,
  freshProfileState,
} from "../../../functions/core/provisioning/profile-state.ts";

describe("an edited profile", () => {
  it("is looked at again at once, without the old fault, back-off or reason", () => {
    const faulted = {
      ...freshProfileState(0, "old", 0),
      status: "faulted" as const,
      faults: 3,
      lastFault: { code: 9002, string: "Internal error", method: "SetParameterValues", at: 5 },
      retryAt: 10_000_000,
      reason: "x",
      tasksQueued: contentHash([{ name: "reboot" }]),
    };
    const due = dueState(faulted, {
      generation: 0,
      hash: "new",
      events: [],
      now: 100,
      timing: defaultProfileTiming,
    });
    assert.equal(due?.status, "pending");
    assert.equal(due?.faults, 0);
    assert.equal(due?.lastFault, undefined);
    assert.equal(due?.retryAt, undefined);
    assert.equal(due?.reason, undefined);
    assert.equal(
      due?.tasksQueued,
      faulted.tasksQueued,
      "kept: unchanged tasks are not queued twice",
    );
  });

  it("digests one-shot task lists by content, not key order", () => {
    const a = contentHash([{ name: "scheduleInform", delaySeconds: 5, commandKey: "k" }]);
    const b = contentHash([{ commandKey: "k", delaySeconds: 5, name: "scheduleInform" }]);
    assert.equal(a, b);
    assert.notEqual(a, contentHash([{ name: "scheduleInform", delaySeconds: 6, commandKey: "k" }]));
  });
});
