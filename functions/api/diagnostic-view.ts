import type { DiagnosticRecord } from "../core/diagnostics/diagnostic.ts";

const iso = (at: number) => new Date(at).toISOString();

/** A diagnostic as the API shows it (the record as of now: see diagnosticAsOf). */
export function diagnosticView(record: DiagnosticRecord) {
  return {
    id: record.id,
    deviceId: record.deviceId,
    type: record.type,
    state: record.state,
    objectPath: record.objectPath,
    arguments: record.arguments,
    createdAt: iso(record.createdAt),
    updatedAt: iso(record.updatedAt),
    deadline: iso(record.deadline),
    requestTaskId: record.requestTaskId,
    ...(record.resultTaskId !== undefined && { resultTaskId: record.resultTaskId }),
    ...(record.result && { result: record.result }),
    ...(record.failure && { failure: record.failure }),
  };
}
