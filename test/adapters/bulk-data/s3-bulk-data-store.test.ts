import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { GetObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { createS3BulkDataStore } from "../../../functions/adapters/bulk-data/s3-bulk-data-store.ts";
import type { StoredBulkReport } from "../../../functions/bulk-data-ports.ts";
import { StoreUnavailableError } from "../../../functions/port-errors.ts";
import {
  emulatorS3ClientConfig,
  type S3Emulator,
  startS3Emulator,
} from "../../support/s3-emulator.ts";

/** Against s3rver, an S3 emulator in this process (test/support/s3-emulator.ts). */
describe("createS3BulkDataStore (against an S3 emulator)", () => {
  let emulator: S3Emulator | undefined;
  before(async () => {
    emulator = await startS3Emulator({ bucket: "acs-bulk-data-test" });
  });
  after(async () => {
    await emulator?.stop();
  });
  const s3 = () => {
    if (!emulator) throw new Error("the S3 emulator did not start");
    // The SDK's own defaults, as the bulk-data handler's `new S3Client({})`.
    return { client: new S3Client(emulatorS3ClientConfig(emulator.endpoint)), emulator };
  };

  const report = (deviceId: string, receivedAt: number, value: string): StoredBulkReport => ({
    deviceId,
    receivedAt,
    encoding: "CSV",
    format: "ParameterPerRow",
    entries: [{ values: { "Device.DeviceInfo.UpTime": value } }],
  });

  async function object(client: S3Client, bucket: string, key: string) {
    const answer = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return { body: await answer.Body?.transformToString("utf8"), contentType: answer.ContentType };
  }

  it("keeps the raw bytes by day and device with their media type, and the report as latest", async () => {
    // Prepare
    const { client, emulator } = s3();
    const store = createS3BulkDataStore({ client, bucket: emulator.bucket });
    const deviceId = "00D09E-IGD-SN%2D1";
    const kept = report(deviceId, Date.UTC(2026, 11, 7, 10, 0, 0, 5), "42");
    const raw =
      "ReportTimestamp,ParameterName,ParameterValue,ParameterType\n1,UpTime,42,unsignedInt\n";

    // Act
    await store.putReport({ report: kept, raw: Buffer.from(raw, "utf8"), extension: "csv" });

    // Assess
    const rawKey = `raw/date=2026-12-07/device=${deviceId}/2026-12-07T10-00-00-005Z.csv`;
    assert.deepEqual(await object(client, emulator.bucket, rawKey), {
      body: raw,
      contentType: "text/csv",
    });
    const latest = await object(client, emulator.bucket, `latest/${deviceId}.json`);
    assert.equal(latest.contentType, "application/json");
    assert.deepEqual(JSON.parse(latest.body ?? "null"), kept);
  });

  it("reads back the latest report, the newer replacing the older; the older raw one stays", async () => {
    // Prepare
    const { client, emulator } = s3();
    const store = createS3BulkDataStore({ client, bucket: emulator.bucket });
    const deviceId = "00D09E-IGD-SN-2";
    const older = report(deviceId, Date.UTC(2026, 11, 7, 23, 59, 59), "1");
    const newer = report(deviceId, Date.UTC(2026, 11, 8, 0, 0, 1), "2");
    await store.putReport({ report: older, raw: Buffer.from('{"a":1}'), extension: "json" });

    // Act
    const first = await store.latestReport(deviceId);
    await store.putReport({ report: newer, raw: Buffer.from('{"a":2}'), extension: "json" });
    const second = await store.latestReport(deviceId);

    // Assess
    assert.deepEqual(first, older);
    assert.deepEqual(second, newer);
    const olderRaw = `raw/date=2026-12-07/device=${deviceId}/2026-12-07T23-59-59-000Z.json`;
    assert.deepEqual(await object(client, emulator.bucket, olderRaw), {
      body: '{"a":1}',
      contentType: "application/json",
    });
  });

  it("has no latest report for a device that sent none", async () => {
    // Prepare
    const { client, emulator } = s3();
    const store = createS3BulkDataStore({ client, bucket: emulator.bucket });

    // Act
    const latest = await store.latestReport("00D09E-IGD-NEVER-REPORTED");

    // Assess
    assert.equal(latest, undefined);
  });

  it("answers a missing bucket as StoreUnavailableError, not as a device without reports", async () => {
    // Prepare
    const { client } = s3();
    const store = createS3BulkDataStore({ client, bucket: "acs-no-such-bucket" });

    // Act
    const reading = store.latestReport("00D09E-IGD-SN-3");
    const writing = store.putReport({
      report: report("00D09E-IGD-SN-3", Date.UTC(2026, 11, 7), "3"),
      raw: Buffer.from("x"),
      extension: "csv",
    });

    // Assess
    await assert.rejects(reading, unavailableBecause("NoSuchBucket"));
    await assert.rejects(writing, unavailableBecause("NoSuchBucket"));
  });

  it("answers an S3 that does not answer as StoreUnavailableError", async () => {
    // Prepare
    const stopped = await startS3Emulator();
    await stopped.stop();
    const client = new S3Client(emulatorS3ClientConfig(stopped.endpoint));
    const store = createS3BulkDataStore({ client, bucket: stopped.bucket });

    // Act
    const reading = store.latestReport("00D09E-IGD-SN-4");
    const writing = store.putReport({
      report: report("00D09E-IGD-SN-4", Date.UTC(2026, 11, 7), "4"),
      raw: Buffer.from("x"),
      extension: "csv",
    });

    // Assess
    await assert.rejects(reading, unavailableBecause("ECONNREFUSED"));
    await assert.rejects(writing, unavailableBecause("ECONNREFUSED"));
  });
});

/** A StoreUnavailableError whose cause is the S3 error named `why` (its name or Node code). */
function unavailableBecause(why: string) {
  return (error: unknown) => {
    assert.ok(error instanceof StoreUnavailableError, String(error));
    const cause = error.cause as { name?: string; code?: string } | undefined;
    assert.ok(cause?.name === why || cause?.code === why, `cause: ${String(cause)}`);
    return true;
  };
}
