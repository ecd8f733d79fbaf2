import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { bulkDataCredentials } from "../../functions/core/bulk-data/bulk-data-credentials.ts";
import { deviceIdOf } from "../../functions/core/model/device-id.ts";
import { sendReport } from "../../functions/simulator/bulk-data-reporter.ts";
import type { DataModel } from "../../functions/simulator/data-model.ts";
import { completeProfile } from "../../functions/simulator/device-profile.ts";
import { buildDeviceTree } from "../../functions/simulator/device-tree.ts";
import { startLocalAcsHarness } from "../support/local-acs-harness.ts";

type Harness = Awaited<ReturnType<typeof startLocalAcsHarness>>;

/** A simulated CPE's tree with one BulkData profile as the ACS's profile would set it. */
function configuredTree(
  collectorUrl: string,
  password: string,
  encoding: "JSON" | "CSV",
): DataModel {
  const tree = buildDeviceTree({
    profile: completeProfile({ serialNumber: "BD1", acsUrl: "http://127.0.0.1:1/" }),
    uptimeSeconds: () => 99.5,
    now: () => Date.UTC(2026, 11, 7),
  });
  const profile = `Device.BulkData.Profile.${tree.addObject("Device.BulkData.Profile.")}.`;
  const uri = `${profile}HTTP.RequestURIParameter.`;
  const query = [
    ["oui", "Device.DeviceInfo.ManufacturerOUI"],
    ["pc", "Device.DeviceInfo.ProductClass"],
    ["sn", "Device.DeviceInfo.SerialNumber"],
  ];
  const values = query.flatMap(([name, reference]) => {
    const at = `${uri}${tree.addObject(uri)}.`;
    return [
      { name: `${at}Name`, value: name ?? "", type: "string" },
      { name: `${at}Reference`, value: reference ?? "", type: "string" },
    ];
  });
  const parameter = `${profile}Parameter.${tree.addObject(`${profile}Parameter.`)}.`;
  const deviceId = deviceIdOfTree(tree);
  tree.setParameterValues([
    ...values,
    { name: `${parameter}Reference`, value: "Device.DeviceInfo.UpTime", type: "string" },
    { name: `${profile}Enable`, value: "true", type: "boolean" },
    { name: `${profile}EncodingType`, value: encoding, type: "string" },
    { name: `${profile}ReportingInterval`, value: "60", type: "unsignedInt" },
    { name: `${profile}HTTP.URL`, value: collectorUrl, type: "string" },
    { name: `${profile}HTTP.Username`, value: deviceId, type: "string" },
    { name: `${profile}HTTP.Password`, value: password, type: "string" },
    { name: `${profile}HTTP.Compression`, value: "GZIP", type: "string" },
  ]);
  return tree;
}

/** The device id as the ACS forms it (ProductClass "SIM-HGW" is escaped: "SIM%2DHGW"). */
function deviceIdOfTree(tree: DataModel): string {
  return deviceIdOf({
    oui: tree.read("Device.DeviceInfo.ManufacturerOUI"),
    productClass: tree.read("Device.DeviceInfo.ProductClass"),
    serialNumber: tree.read("Device.DeviceInfo.SerialNumber"),
  });
}

describe("the simulator's bulk data reports reach the local ACS's collector", () => {
  let acs: Harness;
  before(async () => {
    acs = await startLocalAcsHarness();
  });
  after(async () => {
    await acs.stop();
  });

  for (const encoding of ["JSON", "CSV"] as const) {
    it(`sends a gzip ${encoding} report the API then serves as the latest`, async () => {
      // Prepare
      const probe = buildDeviceTree({
        profile: completeProfile({ serialNumber: "BD1", acsUrl: "http://127.0.0.1:1/" }),
        uptimeSeconds: () => 0,
        now: () => 0,
      });
      const deviceId = deviceIdOfTree(probe);
      const { password } = bulkDataCredentials(acs.config.bulkData.key, deviceId);
      const tree = configuredTree(acs.bulkDataUrl, password, encoding);

      // Act
      const status = await sendReport(tree, "Device.BulkData.Profile.1.");
      const latest = await acs.api("GET", `/devices/${deviceId}/bulk-data/latest`);

      // Assess
      assert.equal(status, 204);
      assert.equal(latest.status, 200);
      assert.equal(latest.body.encoding, encoding);
      assert.deepEqual(latest.body.entries[0].values, { "Device.DeviceInfo.UpTime": "99" });
    });
  }

  it("is refused with 401 under a wrong password", async () => {
    const tree = configuredTree(acs.bulkDataUrl, "wrong", "JSON");

    const status = await sendReport(tree, "Device.BulkData.Profile.1.");

    assert.equal(status, 401);
  });
});
