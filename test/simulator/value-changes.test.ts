import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { DataModel } from "../../functions/simulator/data-model.ts";
import { createValueChanges } from "../../functions/simulator/value-changes.ts";

/** Only getParameterAttributes is used: every path has active notification here. */
const activeEverywhere = {
  getParameterAttributes: (names: readonly string[]) =>
    names.map((name) => ({ name, notification: 2, accessList: [] })),
} as unknown as DataModel;

describe("value changes (TR-069 3.2.1 active notification)", () => {
  it("drops a change once the Inform that carried it is acknowledged", () => {
    const changes = createValueChanges();
    changes.note(activeEverywhere, ["Device.XMPP.Connection.1.Status"]);
    const sent = changes.pending();
    assert.equal(changes.acknowledge(sent), false);
    assert.deepEqual(changes.pending(), []);
  });

  it("keeps a change made again after the Inform was built (Connecting -> Enabled)", () => {
    const changes = createValueChanges();
    changes.note(activeEverywhere, ["Device.XMPP.Connection.1.Status"]);
    const sent = changes.pending();
    changes.note(activeEverywhere, ["Device.XMPP.Connection.1.Status"]);
    assert.equal(changes.acknowledge(sent), true, "another VALUE CHANGE is due");
    assert.deepEqual(changes.pending(), ["Device.XMPP.Connection.1.Status"]);
  });
});
