import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  applyOperatorAction,
  type CampaignAction,
  CampaignTransitionError,
  transitionCampaign,
} from "../../../functions/core/campaign/campaign-transition.ts";
import type { CampaignRecord, CampaignStatus } from "../../../functions/core/model/campaign.ts";

const statuses: CampaignStatus[] = ["running", "paused", "halted", "cancelled", "completed"];
const actions: CampaignAction[] = ["pause", "resume", "cancel", "halt", "complete"];

describe("transitionCampaign", () => {
  it("allows exactly the documented transitions and refuses every other with a typed error", () => {
    const allowed: Record<string, CampaignStatus> = {
      "running pause": "paused",
      "paused resume": "running",
      "running cancel": "cancelled",
      "paused cancel": "cancelled",
      "running halt": "halted",
      "running complete": "completed",
    };
    for (const from of statuses) {
      for (const action of actions) {
        const expected = allowed[`${from} ${action}`];
        if (expected) assert.equal(transitionCampaign(from, action), expected, `${from} ${action}`);
        else
          assert.throws(
            () => transitionCampaign(from, action),
            (error) => error instanceof CampaignTransitionError && error.from === from,
            `${from} ${action}`,
          );
      }
    }
  });
});

describe("applyOperatorAction", () => {
  const t0 = 1_800_000_000_000;
  const running: CampaignRecord = {
    id: "C1",
    filter: {},
    task: { name: "reboot" },
    rate: { connectionRequestsPerSecond: 1, maxInSession: 1 },
    stages: { soakSeconds: 0, stageTimeoutSeconds: 900 },
    status: "running",
    createdAt: t0,
    updatedAt: t0,
    version: 4,
    counting: { counted: 3 },
    matched: 3,
    assigned: 1,
    toWake: [{ taskId: "T2", deviceId: "D2" }],
    nextWakeAt: t0,
    stage: { index: 0, startedAt: t0, assigned: 1, notApplicable: 0, woken: 1 },
    runner: { id: "r1", until: t0 + 30_000 },
  };

  it("keeps the pause out of the stage's timeout: resumed, the stage starts later by the pause", () => {
    // Act
    const paused = applyOperatorAction(running, "pause", t0 + 60_000);
    const resumed = applyOperatorAction(paused, "resume", t0 + 660_000);

    // Assess
    assert.equal(paused.status, "paused");
    assert.equal(paused.pausedAt, t0 + 60_000);
    assert.equal(
      paused.runner,
      undefined,
      "the runner's lease is dropped with the operator's save",
    );
    assert.equal(paused.version, 5);
    assert.equal(resumed.status, "running");
    assert.equal(resumed.pausedAt, undefined);
    assert.equal(resumed.stage?.startedAt, t0 + 600_000);
  });

  it("asks the runner, on resume only, to wake again the devices held while paused", () => {
    // Act
    const paused = applyOperatorAction(running, "pause", t0 + 60_000);
    const resumed = applyOperatorAction(paused, "resume", t0 + 120_000);

    // Assess: the flag is the resume's; a pause or a cancel does not set it
    assert.equal(paused.rewakeHeld, undefined);
    assert.equal(resumed.rewakeHeld, true);
    assert.equal(applyOperatorAction(paused, "cancel", t0 + 120_000).rewakeHeld, undefined);
    assert.deepEqual(resumed.toWake, running.toWake, "what was left to wake stays");
  });

  it("cancels with nothing left to wake, and refuses what the status does not allow", () => {
    assert.deepEqual(applyOperatorAction(running, "cancel", t0 + 1).toWake, []);
    assert.throws(() => applyOperatorAction(running, "resume", t0 + 1), CampaignTransitionError);
  });
});
