import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { readBulkDataProvisioning } from "../../functions/config/bulk-data-profile-config.ts";
import { ConfigError } from "../../functions/config/config-error.ts";
import { envReader } from "../../functions/config/env-reader.ts";

const read = (env: Record<string, string>) => readBulkDataProvisioning(envReader(env));

describe("readBulkDataProvisioning", () => {
  it("is off without ACS_BULK_DATA_PARAMETERS", () => {
    assert.equal(read({ ACS_BULK_DATA_URL: "https://acs.example.net/bulk-data" }), undefined);
  });

  it("reads the references, the format, the interval, the URL and the key", () => {
    // Act
    const config = read({
      ACS_BULK_DATA_PARAMETERS: " Device.DeviceInfo.UpTime , Device.WiFi.Radio.*.Stats. ",
      ACS_BULK_DATA_FORMAT: "CSV:ParameterPerColumn",
      ACS_BULK_DATA_INTERVAL_SECONDS: "300",
      ACS_BULK_DATA_URL: "https://acs.example.net/bulk-data",
      ACS_BULK_DATA_KEY: "k".repeat(32),
    });

    // Assess
    assert.deepEqual(config?.settings, {
      references: ["Device.DeviceInfo.UpTime", "Device.WiFi.Radio.*.Stats."],
      intervalSeconds: 300,
      format: { encoding: "CSV", format: "ParameterPerColumn" },
      gzip: true,
      url: "https://acs.example.net/bulk-data",
    });
    assert.equal(config?.key?.length, 32);
  });

  it("defaults to JSON NameValuePair every hour, URL and key left to the local ACS", () => {
    const config = read({ ACS_BULK_DATA_PARAMETERS: "Device.DeviceInfo.UpTime" });

    assert.deepEqual(config, {
      settings: {
        references: ["Device.DeviceInfo.UpTime"],
        intervalSeconds: 3600,
        format: { encoding: "JSON", format: "NameValuePair" },
        gzip: true,
      },
    });
  });

  it("names the variable of a bad reference list, format or URL", () => {
    const cases: [Record<string, string>, string][] = [
      [{ ACS_BULK_DATA_PARAMETERS: " , " }, "ACS_BULK_DATA_PARAMETERS"],
      [
        { ACS_BULK_DATA_PARAMETERS: "InternetGatewayDevice.DeviceInfo.UpTime" },
        "ACS_BULK_DATA_PARAMETERS",
      ],
      [
        { ACS_BULK_DATA_PARAMETERS: "Device.A", ACS_BULK_DATA_FORMAT: "XML:Rows" },
        "ACS_BULK_DATA_FORMAT",
      ],
      [
        { ACS_BULK_DATA_PARAMETERS: "Device.A", ACS_BULK_DATA_URL: "https://x/?a=1" },
        "ACS_BULK_DATA_URL",
      ],
    ];
    for (const [env, variable] of cases) {
      assert.throws(
        () => read(env),
        (error) => error instanceof ConfigError && error.variable === variable,
        variable,
      );
    }
  });
});
