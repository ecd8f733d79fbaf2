import type { BulkReportEntry, BulkReportFormat } from "./core/bulk-data/bulk-report.ts";

/** A device's report as kept and served by `GET /devices/{id}/bulk-data/latest`. */
export interface StoredBulkReport {
  readonly deviceId: string;
  /** When the collector took it (ms since the epoch). */
  readonly receivedAt: number;
  readonly encoding: BulkReportFormat["encoding"];
  readonly format: BulkReportFormat["format"];
  readonly entries: readonly BulkReportEntry[];
}

/** Bulk data reports (TR-232 over HTTP): raw ones by day and device, the latest parsed per device. */
export interface BulkDataStore {
  /** Keeps the raw bytes under `rawReportKey` and `report` as the device's latest. */
  putReport(input: {
    readonly report: StoredBulkReport;
    readonly raw: Uint8Array;
    readonly extension: "json" | "csv";
  }): Promise<void>;
  latestReport(deviceId: string): Promise<StoredBulkReport | undefined>;
}
