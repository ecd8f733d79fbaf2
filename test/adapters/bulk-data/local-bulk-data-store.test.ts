import assert from "node:assert/strict";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { createLocalBulkDataStore } from "../../../functions/adapters/bulk-data/local-bulk-data-store.ts";
import type { StoredBulkReport } from "../../../functions/bulk-data-ports.ts";

describe("createLocalBulkDataStore", () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "bulk-data-test-"));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const report = (receivedAt: number, value: string): StoredBulkReport => ({
    deviceId: "00D09E-IGD-SN%2D1",
    receivedAt,
    encoding: "CSV",
    format: "ParameterPerRow",
    entries: [{ values: { "Device.X": value } }],
  });

  it("keeps the raw report by day and device, and the newest as latest", async () => {
    // Prepare
    const store = createLocalBulkDataStore({ dir });
    const first = Date.UTC(2026, 11, 7, 10, 0, 0, 5);
    const second = Date.UTC(2026, 11, 8, 0, 0, 1);

    // Act
    await store.putReport({
      report: report(first, "1"),
      raw: Buffer.from("raw-1"),
      extension: "csv",
    });
    await store.putReport({
      report: report(second, "2"),
      raw: Buffer.from("raw-2"),
      extension: "csv",
    });

    // Assess
    const rawFirst = join(
      dir,
      "raw",
      "date=2026-12-07",
      "device=00D09E-IGD-SN%2D1",
      "2026-12-07T10-00-00-005Z.csv",
    );
    assert.equal(await readFile(rawFirst, "utf8"), "raw-1");
    const rawSecond = join(
      dir,
      "raw",
      "date=2026-12-08",
      "device=00D09E-IGD-SN%2D1",
      "2026-12-08T00-00-01-000Z.csv",
    );
    assert.equal(await readFile(rawSecond, "utf8"), "raw-2");
    assert.deepEqual(await store.latestReport("00D09E-IGD-SN%2D1"), report(second, "2"));
  });

  it("has no latest report for a device that sent none, nor for a path-like id", async () => {
    const store = createLocalBulkDataStore({ dir });

    assert.equal(await store.latestReport("00D09E-IGD-OTHER"), undefined);
    assert.equal(await store.latestReport("../../etc/passwd"), undefined);
  });
});
