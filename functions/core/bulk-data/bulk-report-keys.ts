import type { DeviceId } from "../model/device-id.ts";

/**
 * Where a report is kept, the same shape in S3 and under the local data directory: raw reports
 * partitioned by day and device (Hive style, so Athena / Glue read `date` and `device` as
 * partition columns), and one latest parsed report per device, overwritten.
 */
export function rawReportKey(deviceId: DeviceId, receivedAt: number, extension: "json" | "csv") {
  const at = new Date(receivedAt).toISOString();
  const stamp = at.replace(/[:.]/g, "-");
  return `raw/date=${at.slice(0, 10)}/device=${deviceId}/${stamp}.${extension}`;
}

export function latestReportKey(deviceId: DeviceId): string {
  return `latest/${deviceId}.json`;
}
