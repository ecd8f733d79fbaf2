import type { TaskRecord } from "../model/task.ts";
import { assertNever } from "../session/assert-never.ts";
import {
  type DiagnosticArgumentValue,
  type DiagnosticRecord,
  type DiagnosticState,
  type DiagnosticType,
  finalDiagnosticStates,
} from "./diagnostic.ts";
import { diagnosticOutcome } from "./diagnostic-outcome.ts";

/** A diagnostic just requested: its SetParameterValues task queued, open until `now + timeoutMs`. */
export function newDiagnostic(input: {
  readonly id: string;
  readonly deviceId: string;
  readonly type: DiagnosticType;
  readonly objectPath: string;
  readonly arguments: Readonly<Record<string, DiagnosticArgumentValue>>;
  readonly requestTaskId: string;
  readonly now: number;
  readonly timeoutMs: number;
}): DiagnosticRecord {
  const { now, timeoutMs, ...rest } = input;
  return { ...rest, state: "requested", createdAt: now, updatedAt: now, deadline: now + timeoutMs };
}

/** The state as of `now`: an open diagnostic past its deadline reads as timed out. */
export function diagnosticState(record: DiagnosticRecord, now: number): DiagnosticState {
  if (finalDiagnosticStates.has(record.state)) return record.state;
  return now >= record.deadline ? "timedOut" : record.state;
}

/** The record as of `now` (what readers see; written back when a session finds it). */
export function diagnosticAsOf(record: DiagnosticRecord, now: number): DiagnosticRecord {
  if (diagnosticState(record, now) !== "timedOut" || record.state === "timedOut") return record;
  return {
    ...record,
    state: "timedOut",
    updatedAt: record.deadline,
    failure: {
      reason:
        record.state === "requested"
          ? "the CPE never accepted the test before the deadline"
          : "the CPE never reported 8 DIAGNOSTICS COMPLETE before the deadline",
    },
  };
}

/** The result of an open diagnostic is now being read by this GetParameterValues task. */
export function readingResult(
  record: DiagnosticRecord,
  taskId: string,
  now: number,
): DiagnosticRecord {
  return { ...record, state: "running", resultTaskId: taskId, updatedAt: now };
}

/**
 * The diagnostic after one of its tasks ended: the SetParameterValues accepted -> running; the
 * result read -> completed / failed by the CPE's DiagnosticsState, or still running (Requested);
 * any task that did not end `done` fails it with the fault or reason. Undefined: no change.
 */
export function afterDiagnosticTask(
  record: DiagnosticRecord,
  task: TaskRecord,
  now: number,
): DiagnosticRecord | undefined {
  if (finalDiagnosticStates.has(record.state)) return undefined;
  const ofRequest = task.id === record.requestTaskId;
  if (!ofRequest && task.id !== record.resultTaskId) return undefined;
  if (task.status !== "done") {
    if (task.status !== "faulted" && task.status !== "cancelled" && task.status !== "expired")
      return undefined;
    const what = ofRequest ? "starting the test" : "reading the result";
    return {
      ...record,
      state: "failed",
      updatedAt: now,
      failure: {
        ...(task.fault && { fault: { code: task.fault.code, string: task.fault.string } }),
        reason: `${what} ${task.status}${task.reason ? `: ${task.reason}` : ""}`,
      },
    };
  }
  if (ofRequest)
    return record.state === "requested"
      ? { ...record, state: "running", updatedAt: now }
      : undefined;
  const outcome = diagnosticOutcome(record.type, record.objectPath, task.result?.parameters ?? []);
  switch (outcome.kind) {
    case "pending": {
      const { resultTaskId: _read, ...open } = record;
      return { ...open, state: "running", updatedAt: now };
    }
    case "completed":
      return { ...record, state: "completed", updatedAt: now, result: outcome.result };
    case "failed":
      return { ...record, state: "failed", updatedAt: now, failure: outcome.failure };
    default:
      return assertNever(outcome);
  }
}
