import type { BulkDataStore } from "../../bulk-data-ports.ts";
import {
  acceptBulkReport,
  type BulkReportRequest,
} from "../../core/bulk-data/accept-bulk-report.ts";
import {
  BulkReportTooLargeError,
  BulkReportUnauthenticatedError,
  MalformedBulkReportError,
  UnsupportedBulkReportError,
} from "../../core/bulk-data/bulk-data-errors.ts";
import { StoreUnavailableError } from "../../port-errors.ts";
import type { Clock, Logger } from "../../ports.ts";

export interface BulkDataCollectorDeps {
  readonly store: BulkDataStore;
  /** The key devices' bulk data passwords derive from (ACS_BULK_DATA_KEY). */
  readonly key: Uint8Array;
  /** Largest report taken, once inflated (ACS_BULK_DATA_MAX_BYTES). */
  readonly maxBytes: number;
  readonly clock: Clock;
  readonly logger: Logger;
}

/** The collector's answer: a status and a short text; the handler adds the headers. */
export interface BulkDataAnswer {
  readonly status: 204 | 400 | 401 | 413 | 415 | 503;
  readonly reason?: string;
}

/**
 * One report in, one answer out: the report checked (core/bulk-data), kept (raw and latest),
 * then 204 at once. A refusal names its cause; a CPE with `HTTP.RetryEnable` retries any
 * non-2xx (TR-369 R-BULK.2), so only a store failure (503) is worth its retry.
 */
export async function collectBulkReport(
  deps: BulkDataCollectorDeps,
  request: BulkReportRequest,
): Promise<BulkDataAnswer> {
  try {
    const accepted = acceptBulkReport(deps, request);
    const extension = accepted.format.encoding === "JSON" ? "json" : "csv";
    await deps.store.putReport({
      report: {
        deviceId: accepted.deviceId,
        receivedAt: deps.clock.now(),
        ...accepted.report,
      },
      raw: accepted.raw,
      extension,
    });
    return { status: 204 };
  } catch (error) {
    if (error instanceof StoreUnavailableError) {
      deps.logger.warn("bulk data report not kept", { error: error.message });
      return { status: 503, reason: "bulk data store unavailable" };
    }
    const answer = refusal(error);
    deps.logger.info("bulk data report refused", { status: answer.status, reason: answer.reason });
    return answer;
  }
}

/** A typed refusal -> its status; anything else is a defect and propagates. */
function refusal(error: unknown): BulkDataAnswer {
  if (error instanceof BulkReportUnauthenticatedError)
    return { status: 401, reason: error.message };
  if (error instanceof UnsupportedBulkReportError) return { status: 415, reason: error.message };
  if (error instanceof BulkReportTooLargeError) return { status: 413, reason: error.message };
  if (error instanceof MalformedBulkReportError) return { status: 400, reason: error.message };
  throw error;
}
