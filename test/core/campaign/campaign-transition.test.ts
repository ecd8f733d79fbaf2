import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  type CampaignAction,
  CampaignTransitionError,
  transitionCampaign,
} from "../../../functions/core/campaign/campaign-transition.ts";
import type { CampaignStatus } from "../../../functions/core/model/campaign.ts";

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
