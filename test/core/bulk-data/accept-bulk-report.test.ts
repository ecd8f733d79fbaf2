import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { gzipSync } from "node:zlib";
import { acceptBulkReport } from "../../../functions/core/bulk-data/accept-bulk-report.ts";
import { bulkDataCredentials } from "../../../functions/core/bulk-data/bulk-data-credentials.ts";
import {
  BulkReportTooLargeError,
  BulkReportUnauthenticatedError,
  MalformedBulkReportError,
  UnsupportedBulkReportError,
} from "../../../functions/core/bulk-data/bulk-data-errors.ts";

const key = Buffer.alloc(32, 7);
const query = { oui: "00D09E", pc: "IGD", sn: "SN1" };
const deviceId = "00D09E-IGD-SN1";
const basic = (username: string, password: string) =>
  `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`;
const authorization = basic(deviceId, bulkDataCredentials(key, deviceId).password);
const json = JSON.stringify({ Report: [{ CollectionTime: 1, "Device.DeviceInfo.UpTime": 5 }] });
const jsonHeaders = {
  authorization,
  "content-type": "application/json; charset=UTF-8",
  "bbf-report-format": '"NameValuePair"',
};
const options = { key, maxBytes: 1024 };

describe("acceptBulkReport", () => {
  it("accepts a device's own report, its format header quoted", () => {
    // Act
    const accepted = acceptBulkReport(options, {
      headers: jsonHeaders,
      query,
      body: Buffer.from(json),
    });

    // Assess
    assert.equal(accepted.deviceId, deviceId);
    assert.deepEqual(accepted.format, { encoding: "JSON", format: "NameValuePair" });
    assert.deepEqual(accepted.report.entries, [
      { collectedAt: "1", values: { "Device.DeviceInfo.UpTime": "5" } },
    ]);
    assert.equal(accepted.raw.toString(), json);
  });

  it("inflates a gzip CSV report", () => {
    const csv = "ReportTimestamp,ParameterName,ParameterValue,ParameterType\n9,Device.X,1,int\n";

    const accepted = acceptBulkReport(options, {
      headers: {
        authorization,
        "content-type": "text/csv; charset=UTF-8; header=present",
        "content-encoding": "gzip",
        "bbf-report-format": "ParameterPerRow",
      },
      query,
      body: gzipSync(csv),
    });

    assert.deepEqual(accepted.report.entries, [{ collectedAt: "9", values: { "Device.X": "1" } }]);
    assert.equal(accepted.raw.toString(), csv);
  });

  it("refuses another device's credentials", () => {
    const other = "00D09E-IGD-SN2";
    const headers = {
      ...jsonHeaders,
      authorization: basic(other, bulkDataCredentials(key, other).password),
    };

    assert.throws(
      () => acceptBulkReport(options, { headers, query, body: Buffer.from(json) }),
      (error) =>
        error instanceof BulkReportUnauthenticatedError && error.reason === "wrong-credentials",
    );
  });

  it("refuses a wrong password and a missing one", () => {
    for (const auth of [basic(deviceId, "guess"), undefined]) {
      const headers = { ...jsonHeaders, authorization: auth };
      assert.throws(
        () => acceptBulkReport(options, { headers, query, body: Buffer.from(json) }),
        BulkReportUnauthenticatedError,
      );
    }
  });

  it("refuses a report whose query names no device", () => {
    assert.throws(
      () =>
        acceptBulkReport(options, {
          headers: jsonHeaders,
          query: { pc: "IGD" },
          body: Buffer.from(json),
        }),
      (error) => error instanceof BulkReportUnauthenticatedError && error.reason === "no-device",
    );
  });

  it("refuses an unknown format, a format its media type contradicts, and an unknown encoding", () => {
    const cases = [
      { ...jsonHeaders, "bbf-report-format": "XML" },
      { ...jsonHeaders, "bbf-report-format": undefined },
      { ...jsonHeaders, "content-type": "text/csv" },
      { ...jsonHeaders, "content-encoding": "br" },
    ];
    for (const headers of cases) {
      assert.throws(
        () => acceptBulkReport(options, { headers, query, body: Buffer.from(json) }),
        UnsupportedBulkReportError,
      );
    }
  });

  it("refuses a report over the bound, plain or once inflated", () => {
    const big = Buffer.alloc(2048, 0x20);
    for (const [encoding, body] of [
      [undefined, big],
      ["gzip", gzipSync(big)],
    ] as const) {
      const headers = { ...jsonHeaders, "content-encoding": encoding };
      assert.throws(
        () => acceptBulkReport(options, { headers, query, body }),
        BulkReportTooLargeError,
      );
    }
  });

  it("refuses corrupt gzip and bytes that are not UTF-8 as malformed", () => {
    for (const [encoding, body] of [
      ["gzip", Buffer.from("not gzip")],
      [undefined, Buffer.from([0xff, 0xfe])],
    ] as const) {
      const headers = { ...jsonHeaders, "content-encoding": encoding };
      assert.throws(
        () => acceptBulkReport(options, { headers, query, body }),
        MalformedBulkReportError,
      );
    }
  });
});
