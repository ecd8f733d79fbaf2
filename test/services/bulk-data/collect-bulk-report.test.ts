import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { BulkDataStore, StoredBulkReport } from "../../../functions/bulk-data-ports.ts";
import { bulkDataCredentials } from "../../../functions/core/bulk-data/bulk-data-credentials.ts";
import { StoreUnavailableError } from "../../../functions/port-errors.ts";
import { collectBulkReport } from "../../../functions/services/bulk-data/collect-bulk-report.ts";

const key = Buffer.alloc(32, 3);
const deviceId = "00D09E-HGW-S1";
const now = Date.UTC(2026, 11, 7, 12);
const request = {
  headers: {
    authorization: `Basic ${Buffer.from(`${deviceId}:${bulkDataCredentials(key, deviceId).password}`).toString("base64")}`,
    "content-type": "application/json",
    "bbf-report-format": "NameValuePair",
  },
  query: { oui: "00D09E", pc: "HGW", sn: "S1" },
  body: Buffer.from('{"Report":[{"Device.X":1}]}'),
};
const silent = { debug() {}, info() {}, warn() {}, error() {} };

function deps(putReport: BulkDataStore["putReport"]) {
  return {
    store: { putReport, latestReport: async () => undefined },
    key,
    maxBytes: 1024,
    clock: { now: () => now },
    logger: silent,
  };
}

describe("collectBulkReport", () => {
  it("keeps an accepted report with its receipt time and answers 204", async () => {
    // Prepare
    const kept: { report: StoredBulkReport; extension: string }[] = [];

    // Act
    const answer = await collectBulkReport(
      deps(async (input) => {
        kept.push(input);
      }),
      request,
    );

    // Assess
    assert.deepEqual(answer, { status: 204 });
    assert.equal(kept.length, 1);
    assert.equal(kept[0]?.extension, "json");
    assert.deepEqual(kept[0]?.report, {
      deviceId,
      receivedAt: now,
      encoding: "JSON",
      format: "NameValuePair",
      entries: [{ values: { "Device.X": "1" } }],
    });
  });

  it("answers 503 when the store is down, so a CPE with RetryEnable sends the report again", async () => {
    const answer = await collectBulkReport(
      deps(async () => {
        throw new StoreUnavailableError("bulk data files unavailable");
      }),
      request,
    );

    assert.equal(answer.status, 503);
  });

  it("lets a defect propagate rather than answer it as a refusal", async () => {
    await assert.rejects(
      collectBulkReport(
        deps(async () => {
          throw new TypeError("bug");
        }),
        request,
      ),
      TypeError,
    );
  });

  it("refuses without touching the store", async () => {
    let calls = 0;
    const answer = await collectBulkReport(
      deps(async () => {
        calls += 1;
      }),
      { ...request, headers: { ...request.headers, authorization: undefined } },
    );

    assert.equal(answer.status, 401);
    assert.equal(calls, 0);
  });
});
