/** Why a bulk data report is refused; the collector maps each to one HTTP status. */

/** The report, once inflated, is larger than the collector takes (HTTP 413). */
export class BulkReportTooLargeError extends Error {
  override readonly name = "BulkReportTooLargeError";
  constructor(
    readonly maxBytes: number,
    options?: { cause?: unknown },
  ) {
    super(`bulk data report larger than ${maxBytes} bytes`, options);
  }
}

/** BBF-Report-Format, Content-Type or Content-Encoding names nothing the collector reads (HTTP 415). */
export class UnsupportedBulkReportError extends Error {
  override readonly name = "UnsupportedBulkReportError";
  constructor(
    readonly what: "format" | "media-type" | "encoding",
    readonly value: string,
  ) {
    super(`unsupported bulk data report ${what}: ${value || "(none)"}`);
  }
}

/** The body does not parse as the format it names (HTTP 400). */
export class MalformedBulkReportError extends Error {
  override readonly name = "MalformedBulkReportError";
  constructor(reason: string, options?: { cause?: unknown }) {
    super(`malformed bulk data report: ${reason}`, options);
  }
}

/** No device, or a device whose credentials do not match (HTTP 401). */
export class BulkReportUnauthenticatedError extends Error {
  override readonly name = "BulkReportUnauthenticatedError";
  constructor(readonly reason: "no-device" | "no-credentials" | "wrong-credentials") {
    super(`bulk data report not authenticated: ${reason}`);
  }
}
