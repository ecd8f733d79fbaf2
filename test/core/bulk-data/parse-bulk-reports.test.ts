import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { MalformedBulkReportError } from "../../../functions/core/bulk-data/bulk-data-errors.ts";
import { csvRows } from "../../../functions/core/bulk-data/csv-rows.ts";
import { parseCsvReport } from "../../../functions/core/bulk-data/parse-csv-report.ts";
import { parseJsonReport } from "../../../functions/core/bulk-data/parse-json-report.ts";

describe("parseJsonReport", () => {
  it("flattens an ObjectHierarchy report into parameter names, instances included", () => {
    // Prepare: the shape of TR-369's ObjectHierarchy example, two collections
    const text = JSON.stringify({
      Report: [
        {
          CollectionTime: 1364529149,
          Device: {
            MoCA: { Interface: { 1: { Stats: { BroadPktSent: 25248, BytesSent: "7682161" } } } },
          },
        },
        { CollectionTime: 1364529209, Device: { DeviceInfo: { UpTime: 42, Enabled: true } } },
      ],
    });

    // Act
    const entries = parseJsonReport(text, "ObjectHierarchy");

    // Assess
    assert.deepEqual(entries, [
      {
        collectedAt: "1364529149",
        values: {
          "Device.MoCA.Interface.1.Stats.BroadPktSent": "25248",
          "Device.MoCA.Interface.1.Stats.BytesSent": "7682161",
        },
      },
      {
        collectedAt: "1364529209",
        values: { "Device.DeviceInfo.UpTime": "42", "Device.DeviceInfo.Enabled": "true" },
      },
    ]);
  });

  it("numbers an array's elements from 1, as instances are", () => {
    const text = JSON.stringify({ Report: [{ Device: { Host: [{ IP: "a" }, { IP: "b" }] } }] });

    const [entry] = parseJsonReport(text, "ObjectHierarchy");

    assert.deepEqual(entry, { values: { "Device.Host.1.IP": "a", "Device.Host.2.IP": "b" } });
  });

  it("takes a NameValuePair report's members as names", () => {
    const text = JSON.stringify({
      Report: [
        { CollectionTime: "2026-12-07T10:00:00Z", "Device.DeviceInfo.UpTime": 7, BytesSent: "3" },
      ],
    });

    const entries = parseJsonReport(text, "NameValuePair");

    assert.deepEqual(entries, [
      {
        collectedAt: "2026-12-07T10:00:00Z",
        values: { "Device.DeviceInfo.UpTime": "7", BytesSent: "3" },
      },
    ]);
  });

  for (const [why, text] of [
    ["not JSON", "{"],
    ["no Report array", '{"report":[]}'],
    ["an element that is not an object", '{"Report":[1]}'],
    ["a nested value in NameValuePair", '{"Report":[{"a":{"b":1}}]}'],
  ] as const) {
    it(`refuses ${why}`, () => {
      assert.throws(() => parseJsonReport(text, "NameValuePair"), MalformedBulkReportError);
    });
  }
});

describe("parseCsvReport", () => {
  it("groups ParameterPerRow rows by ReportTimestamp", () => {
    // Prepare: TR-369's ParameterPerRow example, a retained report appended
    const text = [
      "ReportTimestamp,ParameterName,ParameterValue,ParameterType",
      "1364529149,Device.MoCA.Interface.1.Stats.BroadPktSent,25248,unsignedLong",
      "1364529149,Device.MoCA.Interface.1.Stats.BytesSent,7682161,unsignedLong",
      "1364529209,Device.MoCA.Interface.1.Stats.BroadPktSent,25300,unsignedLong",
    ].join("\r\n");

    // Act
    const entries = parseCsvReport(text, "ParameterPerRow");

    // Assess
    assert.deepEqual(entries, [
      {
        collectedAt: "1364529149",
        values: {
          "Device.MoCA.Interface.1.Stats.BroadPktSent": "25248",
          "Device.MoCA.Interface.1.Stats.BytesSent": "7682161",
        },
      },
      {
        collectedAt: "1364529209",
        values: { "Device.MoCA.Interface.1.Stats.BroadPktSent": "25300" },
      },
    ]);
  });

  it("reads ParameterPerColumn rows as one entry each", () => {
    const text =
      "ReportTimestamp,BroadPktSent,BytesSent\n1364529149,25248,7682161\n1364529209,25300,7700000\n";

    const entries = parseCsvReport(text, "ParameterPerColumn");

    assert.deepEqual(entries, [
      { collectedAt: "1364529149", values: { BroadPktSent: "25248", BytesSent: "7682161" } },
      { collectedAt: "1364529209", values: { BroadPktSent: "25300", BytesSent: "7700000" } },
    ]);
  });

  it("refuses a ParameterPerRow header without ParameterName", () => {
    assert.throws(
      () => parseCsvReport("ReportTimestamp,Value\n1,2", "ParameterPerRow"),
      MalformedBulkReportError,
    );
  });

  it("refuses a ParameterPerColumn row of another length", () => {
    assert.throws(() => parseCsvReport("a,b\n1\n", "ParameterPerColumn"), MalformedBulkReportError);
  });
});

describe("csvRows", () => {
  it("keeps commas, quotes and line breaks inside quoted fields (RFC 4180)", () => {
    const rows = csvRows('name,value\r\n"a,b","say ""hi""\r\nthere"\r\n\r\n');

    assert.deepEqual(rows, [
      ["name", "value"],
      ["a,b", 'say "hi"\r\nthere'],
    ]);
  });

  it("refuses an unterminated quoted field", () => {
    assert.throws(() => csvRows('a\n"b'), MalformedBulkReportError);
  });
});
