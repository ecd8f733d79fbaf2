import { UnsupportedBulkReportError } from "./bulk-data-errors.ts";
import {
  type BulkReportFormat,
  type CsvReportFormat,
  csvReportFormats,
  type JsonReportFormat,
  jsonReportFormats,
} from "./bulk-report.ts";

/**
 * The report's format from its headers. `BBF-Report-Format` is a token, yet agents send it
 * quoted too (TR-369's own example: `"ParameterPerRow"`), so quotes are dropped. The media type
 * must agree with it: `application/json` for the JSON formats, `text/csv` for the CSV ones
 * (R-BULK.7). Anything else is UnsupportedBulkReportError (HTTP 415).
 */
export function reportFormatOf(headers: {
  readonly reportFormat: string | undefined;
  readonly contentType: string | undefined;
}): BulkReportFormat {
  const format = (headers.reportFormat ?? "").trim().replace(/^"(.*)"$/, "$1");
  const mediaType = (headers.contentType ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  if (isJsonFormat(format)) {
    if (mediaType !== "application/json")
      throw new UnsupportedBulkReportError("media-type", mediaType);
    return { encoding: "JSON", format };
  }
  if (isCsvFormat(format)) {
    if (mediaType !== "text/csv") throw new UnsupportedBulkReportError("media-type", mediaType);
    return { encoding: "CSV", format };
  }
  throw new UnsupportedBulkReportError("format", format);
}

function isJsonFormat(format: string): format is JsonReportFormat {
  return (jsonReportFormats as readonly string[]).includes(format);
}

function isCsvFormat(format: string): format is CsvReportFormat {
  return (csvReportFormats as readonly string[]).includes(format);
}
