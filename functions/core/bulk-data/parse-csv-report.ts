import { MalformedBulkReportError } from "./bulk-data-errors.ts";
import type { BulkReportEntry, CsvReportFormat } from "./bulk-report.ts";
import { csvRows } from "./csv-rows.ts";

/**
 * TR-157 A.3.4 / TR-369 "Encoding of CSV Bulk Data": a header line is required (R-BULK.11).
 * ParameterPerRow: columns ParameterName, ParameterValue, ParameterType in that order, after
 * an optional ReportTimestamp; rows of one timestamp form one entry (retained failed reports
 * are appended with theirs). ParameterPerColumn: the header names the parameters (after an
 * optional ReportTimestamp), each further row is one entry.
 */
export function parseCsvReport(text: string, format: CsvReportFormat): BulkReportEntry[] {
  const [header, ...rows] = csvRows(text);
  if (!header) throw new MalformedBulkReportError("CSV without a header line");
  return format === "ParameterPerRow" ? perRow(header, rows) : perColumn(header, rows);
}

function perRow(header: string[], rows: string[][]): BulkReportEntry[] {
  const name = header.indexOf("ParameterName");
  const value = header.indexOf("ParameterValue");
  if (name < 0 || value < 0) {
    throw new MalformedBulkReportError("ParameterPerRow without ParameterName and ParameterValue");
  }
  const time = header.indexOf("ReportTimestamp");
  const entries = new Map<string, Record<string, string>>();
  for (const row of rows) {
    const at = time < 0 ? "" : (row[time] ?? "");
    const parameter = row[name];
    if (!parameter) throw new MalformedBulkReportError("ParameterPerRow row without a name");
    const values = entries.get(at) ?? {};
    values[parameter] = row[value] ?? "";
    entries.set(at, values);
  }
  return [...entries].map(([at, values]) => (at === "" ? { values } : { collectedAt: at, values }));
}

function perColumn(header: string[], rows: string[][]): BulkReportEntry[] {
  const time = header[0] === "ReportTimestamp" ? 0 : -1;
  return rows.map((row) => {
    if (row.length !== header.length) {
      throw new MalformedBulkReportError("ParameterPerColumn row length differs from the header");
    }
    const values: Record<string, string> = {};
    header.forEach((column, i) => {
      if (i !== time) values[column] = row[i] ?? "";
    });
    const at = time < 0 ? undefined : row[time];
    return at === undefined ? { values } : { collectedAt: at, values };
  });
}
