import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { newTask } from "../../../functions/core/model/new-task.ts";
import { campaignGate } from "../../../functions/core/session/campaign-gate.ts";

const t0 = 1_800_000_000_000;
const task = newTask({
  id: "T1",
  deviceId: "00D09E-HGW-S1",
  spec: { name: "reboot" },
  now: t0,
  defaults: { lifetimeMs: 60_000, maxAttempts: 2 },
  origin: { campaignId: "C1", campaignStage: 0 },
});

describe("campaignGate", () => {
  it("sends while the campaign runs or after it completed, and holds while it is paused", () => {
    assert.deepEqual(campaignGate(task, "running", t0 + 1), { kind: "send" });
    // A device offline when its stage timed out still gets the task when it comes back.
    assert.deepEqual(campaignGate(task, "completed", t0 + 1), { kind: "send" });
    assert.deepEqual(campaignGate(task, "paused", t0 + 1), { kind: "hold" });
  });

  it("cancels, naming the status, once the campaign will never send it", () => {
    for (const status of ["halted", "cancelled", undefined] as const) {
      // Act
      const gate = campaignGate(task, status, t0 + 1);

      // Assess
      assert.equal(gate.kind, "cancel");
      if (gate.kind !== "cancel") continue;
      assert.equal(gate.task.status, "cancelled");
      assert.equal(gate.task.reason, `campaign ${status ?? "gone"}`);
      assert.equal(gate.task.updatedAt, t0 + 1);
      assert.equal(gate.task.attempts, 0);
    }
  });
});
