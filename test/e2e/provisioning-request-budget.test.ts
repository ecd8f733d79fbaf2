import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { deviceIdOf } from "../../functions/core/model/device-id.ts";
import { defaultProfileTiming } from "../../functions/core/provisioning/profile-state.ts";
import { xmppProfileName } from "../../functions/core/provisioning/xmpp-profile.ts";
import { createSimulatedCpe } from "../../functions/simulator/cpe.ts";
import type { SessionRecord, SimulatedCpe } from "../../functions/simulator/cpe-types.ts";
import { type CwmpHarness, startCwmpHarness } from "../support/cwmp-harness.ts";
import { until } from "../support/until.ts";

/**
 * Zero-touch XMPP provisioning of one TR-181 CPE through the real handler and dynalite: the
 * DynamoDB requests of its BOOTSTRAP session, counted by the harness's request counter. The
 * accounts are the operator's (derived from a shared key), so no sender takes part.
 */
describe("the provisioning session's DynamoDB request budget", () => {
  let h: CwmpHarness;
  let cpe: SimulatedCpe | undefined;
  const sessions: SessionRecord[] = [];

  before(async () => {
    h = await startCwmpHarness({
      provisioning: {
        profileCacheMs: 60_000,
        maxRpcsPerSession: 32,
        timing: defaultProfileTiming,
        sealingKeys: { currentId: "legacy", keys: new Map([["legacy", randomBytes(32)]]) },
        xmpp: {
          settings: {
            acsJid: "acs@acs.test",
            domain: "acs.test",
            // Nothing listens there: the CPE's login attempts fail, its sessions are the subject.
            servers: [{ address: "127.0.0.1", port: 9 }],
            useTls: false,
            resource: "cwmp",
          },
          createAccounts: false,
          accountKey: "operator-shared-account-key-0123456789",
        },
      },
    });
  });
  after(async () => {
    await cpe?.stop();
    await h.stop();
  });

  it("provisions XMPP in one BOOTSTRAP session of 8 exchanges and 30 DynamoDB requests", async () => {
    h.counter.reset();
    cpe = createSimulatedCpe({
      serialNumber: "BUDGET1",
      acsUrl: h.url,
      connectionRequestUrl: "http://127.0.0.1:9/cr",
      observer: { onSessionEnd: (_serial, record) => void sessions.push(record) },
      xmpp: { retryInitialMs: 600_000 },
    });
    cpe.start();
    const first = await until("the BOOTSTRAP session ended", async () => sessions[0]);
    const counts = h.counter.counts();
    const device = await h.devices.getDevice(deviceIdOf(cpe.profile));

    assert.equal(first.result.kind, "completed");
    assert.equal(device?.provisioning?.[xmppProfileName]?.status, "converged");
    // Probe, AddObject, GetParameterNames, AddObject, SetParameterValues, SetParameterAttributes.
    assert.equal(first.rpcs.length, 6, first.rpcs.join(", "));
    // The Inform: 2 UpdateItems (the lease item, the new record) + 1 BatchWriteItem. Each of the
    // 7 later exchanges: 1 BatchGetItem (record and lease) + 1 UpdateItem of the lease item (its
    // save or close; the profile memory stays with the session until the close, lease-item.ts).
    // The record is written besides where the exchange generated secrets or asked for an XMPP
    // account (2), and by the close, which moves the profile memory there and drops the lease's
    // copy (2). The subtrees profiles touch are read once (2 Queries) with the profile list (1
    // Query); the probe's and GetParameterNames' answers take 2 BatchWriteItems each, the values
    // set 1. Before, every exchange re-read the subtrees (2 to 4 Queries each): 48 requests.
    assert.deepEqual(counts, { UpdateItem: 14, BatchWriteItem: 6, BatchGetItem: 7, Query: 3 });
    assert.ok(Object.values(counts).reduce((sum, n) => sum + n, 0) <= 30);
  });
});
