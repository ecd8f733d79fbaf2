import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { type Fleet, runFleet } from "../../functions/simulator/fleet.ts";
import { type LocalAcsHarness, startLocalAcsHarness } from "../support/local-acs-harness.ts";

/**
 * A boot storm: 1,000 simulated CPEs boot at once against the local ACS.
 * New sessions beyond the in-flight bound are answered 503 + Retry-After
 * (sessions under way always pass), the CPEs come back, and every device
 * ends up registered with a complete BOOTSTRAP session and its parameters.
 */
const devices = 1000;

describe("boot storm of 1,000 CPEs", { timeout: 240_000 }, () => {
  let acs: LocalAcsHarness;
  let fleet: Fleet;
  before(async () => {
    acs = await startLocalAcsHarness({ ACS_MAX_IN_FLIGHT: "8" });
    fleet = await runFleet({
      acsUrl: acs.cwmpUrl,
      count: devices,
      periodicIntervalSec: 3600,
      serialPrefix: "STORM",
      device: { retryMinWaitSec: 1 },
    });
  });
  after(async () => {
    await fleet?.stop();
    await acs?.stop();
  });

  it("gives every device a complete session, shedding overload with 503", async () => {
    const deadline = Date.now() + 200_000;
    while (
      fleet.stats.devicesBooted < devices ||
      fleet.devices.some((cpe) => cpe.sessions().every((s) => s.result.kind !== "completed"))
    ) {
      if (Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const incomplete = fleet.devices.filter(
      (cpe) => !cpe.sessions().some((s) => s.result.kind === "completed"),
    );
    assert.equal(incomplete.length, 0, `${incomplete.length} devices never completed a session`);
    assert.ok(fleet.stats.sessionsBusy > 0, "the ACS shed some session openings with 503");

    const seen = new Map<string, { lastEvents: string[] }>();
    let cursor: string | undefined;
    do {
      const page = await acs.api(
        "GET",
        `/devices?serialPrefix=STORM&limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
      );
      assert.equal(page.status, 200);
      for (const device of page.body.devices) seen.set(device.id, device);
      cursor = page.body.cursor;
    } while (cursor);
    assert.equal(seen.size, devices);
    for (const device of seen.values())
      assert.ok(device.lastEvents.includes("0 BOOTSTRAP"), JSON.stringify(device));

    // None corrupted: a sample of devices carries exactly its own forced Inform parameters.
    for (const cpe of fleet.devices.slice(0, 20)) {
      const id = [...seen.keys()].find((key) => key.endsWith(`-${cpe.serialNumber}`)) ?? "";
      const device = await acs.api(
        "GET",
        `/devices/${encodeURIComponent(id)}?path=Device.DeviceInfo.`,
      );
      const names = device.body.parameters.map((p: { name: string }) => p.name);
      assert.ok(names.includes("Device.DeviceInfo.SoftwareVersion"), JSON.stringify(names));
      assert.equal(device.body.serialNumber, cpe.serialNumber);
    }
  });
});
