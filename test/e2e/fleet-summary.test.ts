import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { type SimulatedCpeRig, startSimulatedCpeRig } from "../support/simulated-cpe-rig.ts";

/**
 * GET /fleet/summary on the local ACS (dynalite, the device index) with three simulated CPEs
 * of two product classes and two software versions: counted by class, version and
 * connection-request readiness (the simulator reports a ConnectionRequestURL and no XMPP).
 */
describe("the fleet summary on the local ACS", () => {
  let rig: SimulatedCpeRig;

  before(async () => {
    rig = await startSimulatedCpeRig();
    const cpes = [
      { serialNumber: "FLEET1", productClass: "SIM-HGW", softwareVersion: "1.0.0" },
      { serialNumber: "FLEET2", productClass: "SIM-HGW", softwareVersion: "2.0.0" },
      { serialNumber: "FLEET3", productClass: "SIM-ONT", softwareVersion: "2.0.0" },
    ];
    for (const cpe of cpes) await rig.boot({ ...cpe, periodicInformIntervalSec: 3600 });
  });

  after(async () => {
    await rig?.stop();
  });

  it("counts the simulated CPEs by product class, software version and readiness", async () => {
    // Act
    const { status, body } = await rig.acs.api("GET", "/fleet/summary");
    // Assess
    assert.equal(status, 200);
    assert.equal(body.complete, true);
    assert.equal(body.devices, 3);
    assert.equal(body.seenLast24h, 3);
    assert.deepEqual(body.byProductClass, [
      { value: "SIM-HGW", count: 2 },
      { value: "SIM-ONT", count: 1 },
    ]);
    assert.deepEqual(body.bySoftwareVersion, [
      { value: "2.0.0", count: 2 },
      { value: "1.0.0", count: 1 },
    ]);
    assert.deepEqual(body.connectionRequest, { xmppReady: 0, httpOnly: 3, unreachable: 0 });
  });
});
