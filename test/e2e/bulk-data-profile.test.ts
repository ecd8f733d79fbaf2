import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { type SimulatedCpeRig, startSimulatedCpeRig } from "../support/simulated-cpe-rig.ts";
import { until } from "../support/until.ts";

/**
 * The built-in bulk data profile end to end: the local ACS with ACS_BULK_DATA_PARAMETERS sets
 * `Device.BulkData.Profile.{i}` on a simulated TR-181 CPE at its first session (collector URL,
 * the device's derived credentials, its identifying query, the references), and the CPE's
 * reports then reach the collector and the API.
 */
describe("the built-in bulk data profile on the local ACS", () => {
  let rig: SimulatedCpeRig;
  before(async () => {
    rig = await startSimulatedCpeRig({
      ACS_BULK_DATA_PARAMETERS: "Device.DeviceInfo.UpTime, Device.DeviceInfo.SoftwareVersion",
      ACS_BULK_DATA_INTERVAL_SECONDS: "1",
      ACS_BULK_DATA_FORMAT: "CSV:ParameterPerRow",
    });
  });
  after(async () => {
    await rig.stop();
  });

  it("configures the CPE, whose reports then are the device's latest", async () => {
    // Act
    const { cpe, id } = await rig.boot({ serialNumber: "BDP001", periodicInformIntervalSec: 3600 });
    const path = `/devices/${encodeURIComponent(id)}`;
    const latest = await until("a bulk data report from BDP001", async () => {
      const answer = await rig.acs.api("GET", `${path}/bulk-data/latest`);
      return answer.status === 200 ? answer.body : undefined;
    });

    // Assess
    const model = cpe.model();
    assert.equal(model.read("Device.BulkData.Enable"), "true");
    assert.equal(model.read("Device.BulkData.Profile.1.Alias"), "acs-bulk-data");
    assert.equal(model.read("Device.BulkData.Profile.1.HTTP.Username"), id);
    assert.equal(latest.encoding, "CSV");
    assert.equal(latest.format, "ParameterPerRow");
    const values = latest.entries[0]?.values ?? {};
    assert.match(values["Device.DeviceInfo.UpTime"] ?? "", /^\d+$/);
    assert.equal(
      values["Device.DeviceInfo.SoftwareVersion"],
      model.read("Device.DeviceInfo.SoftwareVersion"),
    );
    const view = (await rig.acs.api("GET", path)).body;
    const builtIn = (view.provisioning ?? []).find(
      (entry: { profile: string }) => entry.profile === "builtin-bulk-data",
    );
    assert.equal(builtIn?.status, "converged", JSON.stringify(view.provisioning));
  });
});
