import type { DeviceId } from "../model/device-id.ts";
import { MalformedBulkReportError } from "./bulk-data-errors.ts";
import type { BulkReportFormat, ParsedBulkReport } from "./bulk-report.ts";
import { identifyBulkDevice } from "./identify-bulk-device.ts";
import { inflateReport } from "./inflate-report.ts";
import { parseCsvReport } from "./parse-csv-report.ts";
import { parseJsonReport } from "./parse-json-report.ts";
import { reportFormatOf } from "./report-format.ts";

/** A report as the collector received it; header names lower-cased. */
export interface BulkReportRequest {
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly query: Readonly<Record<string, string | undefined>>;
  readonly body: Uint8Array;
}

/** A report the collector keeps: the raw text (inflated) and what it says. */
export interface AcceptedBulkReport {
  readonly deviceId: DeviceId;
  readonly format: BulkReportFormat;
  readonly raw: Buffer;
  readonly report: ParsedBulkReport;
}

/**
 * Checks a report in the order that costs least for a refusal: the device and its credentials
 * (401, body unread), the format headers (415), the size once inflated (413), then the body
 * (400). Throws the typed errors of `bulk-data-errors.ts`.
 */
export function acceptBulkReport(
  options: { readonly key: Uint8Array; readonly maxBytes: number },
  request: BulkReportRequest,
): AcceptedBulkReport {
  const { headers } = request;
  const deviceId = identifyBulkDevice(options.key, {
    query: request.query,
    authorization: headers.authorization,
  });
  const format = reportFormatOf({
    reportFormat: headers["bbf-report-format"],
    contentType: headers["content-type"],
  });
  const raw = inflateReport(request.body, headers["content-encoding"], options.maxBytes);
  const text = utf8(raw);
  const entries =
    format.encoding === "JSON"
      ? parseJsonReport(text, format.format)
      : parseCsvReport(text, format.format);
  return { deviceId, format, raw, report: { ...format, entries } };
}

/** R-BULK.7 asks for UTF-8 in practice (`charset=UTF-8`); invalid bytes are a malformed report. */
function utf8(raw: Buffer): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(raw);
  } catch (error) {
    throw new MalformedBulkReportError("body is not UTF-8", { cause: error });
  }
}
