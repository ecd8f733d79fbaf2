/**
 * The bulk data report formats of TR-181 `Device.BulkData.Profile.{i}.JSONEncoding.ReportFormat`
 * and `CSVEncoding.ReportFormat` (TR-157 Annex A / TR-369 "Bulk Data Collection"), named by the
 * `BBF-Report-Format` header on every HTTP report (R-BULK.8).
 */
export const jsonReportFormats = ["ObjectHierarchy", "NameValuePair"] as const;
export const csvReportFormats = ["ParameterPerRow", "ParameterPerColumn"] as const;

export type JsonReportFormat = (typeof jsonReportFormats)[number];
export type CsvReportFormat = (typeof csvReportFormats)[number];

export type BulkReportFormat =
  | { readonly encoding: "JSON"; readonly format: JsonReportFormat }
  | { readonly encoding: "CSV"; readonly format: CsvReportFormat };

/** One collection of a report: the values the CPE read at one time. */
export interface BulkReportEntry {
  /** CollectionTime (JSON) or ReportTimestamp (CSV) as the CPE wrote it; absent when not sent. */
  readonly collectedAt?: string;
  /** Parameter name (or the profile's alternative Name) -> value as text. */
  readonly values: Readonly<Record<string, string>>;
}

/** A report as parsed: a CPE that retains failed reports sends several in one (TR-157 A.3.5). */
export interface ParsedBulkReport {
  readonly encoding: BulkReportFormat["encoding"];
  readonly format: BulkReportFormat["format"];
  readonly entries: readonly BulkReportEntry[];
}
