import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { gzipSync } from "node:zlib";
import { bulkDataCredentials } from "../../functions/core/bulk-data/bulk-data-credentials.ts";
import { startLocalAcsHarness } from "../support/local-acs-harness.ts";

type Harness = Awaited<ReturnType<typeof startLocalAcsHarness>>;

const deviceId = "00D09E-HGW-BULK1";
const reportUrl = (base: string, serial = "BULK1") =>
  new URL(`?oui=00D09E&pc=HGW&sn=${serial}`, base).toString();

describe("bulk data collection on the local ACS (TR-232 over HTTP)", () => {
  let acs: Harness;
  let authorization: string;
  before(async () => {
    acs = await startLocalAcsHarness({ ACS_BULK_DATA_MAX_BYTES: "4096" });
    const { username, password } = bulkDataCredentials(acs.config.bulkData.key, deviceId);
    authorization = `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`;
  });
  after(async () => {
    await acs.stop();
  });

  const post = (
    body: string | Uint8Array,
    headers: Record<string, string>,
    url = reportUrl(acs.bulkDataUrl),
  ) => fetch(url, { method: "POST", body, headers: { authorization, ...headers } });

  it("has no latest report before the device sends one", async () => {
    const answer = await acs.api("GET", `/devices/${deviceId}/bulk-data/latest`);

    assert.equal(answer.status, 404);
  });

  it("takes a JSON report and serves it as the latest", async () => {
    // Prepare
    const report = {
      Report: [{ CollectionTime: 1764000000, Device: { DeviceInfo: { UpTime: 61 } } }],
    };

    // Act
    const sent = await post(JSON.stringify(report), {
      "content-type": "application/json; charset=UTF-8",
      "bbf-report-format": '"ObjectHierarchy"',
    });
    const latest = await acs.api("GET", `/devices/${deviceId}/bulk-data/latest`);

    // Assess
    assert.equal(sent.status, 204);
    assert.equal(latest.status, 200);
    assert.equal(latest.body.format, "ObjectHierarchy");
    assert.deepEqual(latest.body.entries, [
      { collectedAt: "1764000000", values: { "Device.DeviceInfo.UpTime": "61" } },
    ]);
  });

  it("takes a gzip CSV report, which then is the latest", async () => {
    const csv =
      "ReportTimestamp,ParameterName,ParameterValue,ParameterType\r\n1764000300,Device.DeviceInfo.UpTime,361,unsignedInt\r\n";

    const sent = await post(gzipSync(csv), {
      "content-type": "text/csv; charset=UTF-8; header=present",
      "content-encoding": "gzip",
      "bbf-report-format": "ParameterPerRow",
    });
    const latest = await acs.api("GET", `/devices/${deviceId}/bulk-data/latest`);

    assert.equal(sent.status, 204);
    assert.equal(latest.body.encoding, "CSV");
    assert.deepEqual(latest.body.entries, [
      { collectedAt: "1764000300", values: { "Device.DeviceInfo.UpTime": "361" } },
    ]);
  });

  it("refuses an oversize report with 413", async () => {
    const big = JSON.stringify({ Report: [{ pad: "x".repeat(8192) }] });

    const sent = await post(gzipSync(big), {
      "content-type": "application/json",
      "content-encoding": "gzip",
      "bbf-report-format": "NameValuePair",
    });

    assert.equal(sent.status, 413);
  });

  it("refuses a report for another device with 401 and keeps the device's latest", async () => {
    const sent = await post(
      JSON.stringify({ Report: [{ "Device.DeviceInfo.UpTime": 1 }] }),
      { "content-type": "application/json", "bbf-report-format": "NameValuePair" },
      reportUrl(acs.bulkDataUrl, "OTHER"),
    );
    const latest = await acs.api("GET", "/devices/00D09E-HGW-OTHER/bulk-data/latest");

    assert.equal(sent.status, 401);
    assert.match(sent.headers.get("www-authenticate") ?? "", /^Basic /);
    assert.equal(latest.status, 404);
  });

  it("refuses an unknown report format with 415", async () => {
    const sent = await post("<Report/>", {
      "content-type": "application/xml",
      "bbf-report-format": "XML",
    });

    assert.equal(sent.status, 415);
  });
});
