import { GetObjectCommand, NoSuchKey, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import type { BulkDataStore, StoredBulkReport } from "../../bulk-data-ports.ts";
import { latestReportKey, rawReportKey } from "../../core/bulk-data/bulk-report-keys.ts";
import { StoreUnavailableError } from "../../port-errors.ts";

export interface S3BulkDataStoreOptions {
  readonly client: S3Client;
  /** ACS_BULK_DATA_BUCKET */
  readonly bucket: string;
}

const mediaTypes = { json: "application/json", csv: "text/csv" } as const;

/**
 * BulkDataStore in S3: one PUT of the raw report (`raw/date=YYYY-MM-DD/device=<id>/…`, for
 * Athena and lifecycle expiry) and one of the parsed latest (`latest/<id>.json`, overwritten;
 * S3 is strongly consistent for reads after writes, so the API reads what was just kept).
 */
export function createS3BulkDataStore(options: S3BulkDataStoreOptions): BulkDataStore {
  const { client, bucket } = options;
  return {
    putReport: async ({ report, raw, extension }) => {
      const key = rawReportKey(report.deviceId, report.receivedAt, extension);
      await put(client, { bucket, key, body: raw, contentType: mediaTypes[extension] });
      await put(client, {
        bucket,
        key: latestReportKey(report.deviceId),
        body: Buffer.from(JSON.stringify(report), "utf8"),
        contentType: mediaTypes.json,
      });
    },
    latestReport: async (deviceId) => {
      try {
        const answer = await client.send(
          new GetObjectCommand({ Bucket: bucket, Key: latestReportKey(deviceId) }),
        );
        const text = await answer.Body?.transformToString("utf8");
        return text === undefined ? undefined : (JSON.parse(text) as StoredBulkReport);
      } catch (error) {
        if (error instanceof NoSuchKey) return undefined;
        throw new StoreUnavailableError("bulk data bucket unavailable", { cause: error });
      }
    },
  };
}

async function put(
  client: S3Client,
  object: { bucket: string; key: string; body: Uint8Array; contentType: string },
) {
  try {
    await client.send(
      new PutObjectCommand({
        Bucket: object.bucket,
        Key: object.key,
        Body: object.body,
        ContentType: object.contentType,
      }),
    );
  } catch (error) {
    throw new StoreUnavailableError("bulk data bucket unavailable", { cause: error });
  }
}
