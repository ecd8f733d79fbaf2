import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { bulkDataProfile } from "../../../functions/core/bulk-data/bulk-data-profile.ts";

const settings = {
  url: "https://acs.example.net/bulk-data",
  intervalSeconds: 900,
  references: ["Device.DeviceInfo.UpTime", "Device.WiFi.Radio.*.Stats."],
  format: { encoding: "JSON", format: "NameValuePair" },
} as const;

describe("bulkDataProfile", () => {
  it("sets one BulkData profile with the device's credentials, the identifying query and the references", () => {
    // Act
    const profile = bulkDataProfile(settings, { username: "00D09E-HGW-S1", password: "pw" });

    // Assess
    assert.deepEqual(profile.requires, ["Device.BulkData."]);
    const [object] = profile.objects;
    assert.equal(object?.table, "Device.BulkData.Profile.");
    const values = Object.fromEntries(
      (object?.parameterValues ?? []).map((value) => [value.name, value.value]),
    );
    // Types as the encoder takes them (it writes xsi:type="xsd:<type>" itself).
    const types = (object?.parameterValues ?? []).map((value) => value.type);
    assert.ok(
      types.every((type) => type && !type.startsWith("xsd:")),
      types.join(),
    );
    assert.deepEqual(profile.parameterValues, [
      { name: "Device.BulkData.Enable", value: "true", type: "boolean" },
    ]);
    assert.equal(values["JSONEncoding.ReportFormat"], "NameValuePair");
    assert.equal(values.ReportingInterval, "900");
    assert.equal(values["HTTP.Username"], "00D09E-HGW-S1");
    assert.equal(values["HTTP.Compression"], "GZIP");
    assert.equal(
      object?.parameterValues.find((value) => value.name === "HTTP.Password")?.secret,
      true,
    );
    const nested = (object?.objects ?? []).map((table) => [table.table, table.match]);
    assert.deepEqual(nested, [
      ["HTTP.RequestURIParameter.", { Name: "oui" }],
      ["HTTP.RequestURIParameter.", { Name: "pc" }],
      ["HTTP.RequestURIParameter.", { Name: "sn" }],
      ["Parameter.", { Reference: "Device.DeviceInfo.UpTime" }],
      ["Parameter.", { Reference: "Device.WiFi.Radio.*.Stats." }],
    ]);
  });

  it("names the CSV report format parameter for CSV", () => {
    const profile = bulkDataProfile(
      { ...settings, format: { encoding: "CSV", format: "ParameterPerRow" }, gzip: false },
      { username: "u", password: "p" },
    );

    const names = profile.objects[0]?.parameterValues.map((value) => value.name) ?? [];
    assert.ok(names.includes("CSVEncoding.ReportFormat"));
    assert.equal(
      profile.objects[0]?.parameterValues.find((value) => value.name === "HTTP.Compression")?.value,
      "None",
    );
  });

  it("refuses a profile reporting nothing", () => {
    assert.throws(
      () => bulkDataProfile({ ...settings, references: [] }, { username: "u", password: "p" }),
      RangeError,
    );
  });
});
