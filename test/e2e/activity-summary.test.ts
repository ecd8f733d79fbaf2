import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createActivityCounter } from "../../functions/local/activity-counter.ts";
import { startLocalAcsHarness } from "../support/local-acs-harness.ts";

/**
 * The local ACS's per-minute summary counts what its services really log and publish: a
 * session closed by the ACS and a connection request's outcome reach the counter through the
 * local composition (the message names are not duplicated by the test).
 */
describe("activity counted by the local ACS", () => {
  it("counts a closed session and a connection request's final outcome", {
    timeout: 60_000,
  }, async () => {
    const activity = createActivityCounter();
    const acs = await startLocalAcsHarness({}, { activity });
    try {
      const id = await acs.register("SUMMARY1");
      const afterSession = activity.take();

      const response = await acs.api(
        "POST",
        `/devices/${encodeURIComponent(id)}/connection-request?wait=15`,
      );
      const afterCr = activity.take();

      assert.equal(afterSession.sessionEnded, 1);
      assert.equal(response.status, 200, JSON.stringify(response.body));
      assert.equal(afterCr.crDelivered + afterCr.crFailed, 1, JSON.stringify(response.body));
      assert.equal(afterCr.sessionEnded, 0);
    } finally {
      await acs.stop();
    }
  });
});
