import { gunzipSync } from "node:zlib";
import {
  BulkReportTooLargeError,
  MalformedBulkReportError,
  UnsupportedBulkReportError,
} from "./bulk-data-errors.ts";

/**
 * The report's bytes as the CPE encoded them: gzip undone when `Content-Encoding: gzip`
 * (TR-181 `HTTP.Compression` "GZIP"), bounded while inflating so a small bomb cannot expand
 * past `maxBytes` (HTTP 413, like a plain body over the bound). Other encodings: HTTP 415;
 * a corrupt gzip stream: HTTP 400.
 */
export function inflateReport(
  body: Uint8Array,
  contentEncoding: string | undefined,
  maxBytes: number,
): Buffer {
  const encoding = (contentEncoding ?? "").trim().toLowerCase();
  if (encoding === "" || encoding === "identity") {
    if (body.byteLength > maxBytes) throw new BulkReportTooLargeError(maxBytes);
    return Buffer.from(body);
  }
  if (encoding !== "gzip" && encoding !== "x-gzip") {
    throw new UnsupportedBulkReportError("encoding", encoding);
  }
  try {
    return gunzipSync(body, { maxOutputLength: maxBytes });
  } catch (error) {
    if ((error as { code?: string }).code === "ERR_BUFFER_TOO_LARGE") {
      throw new BulkReportTooLargeError(maxBytes, { cause: error });
    }
    throw new MalformedBulkReportError("corrupt gzip body", { cause: error });
  }
}
