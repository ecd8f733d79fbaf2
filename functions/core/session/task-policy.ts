import type { TaskAttempt, TaskFault, TaskRecord } from "../model/task.ts";

/**
 * CPE faults worth another attempt in a later session (TR-069 A.5.1):
 * 9002 internal error, 9004 resources exceeded, 9010/9015/9017 transient transfer
 * failures (9015: the file server could not be reached, a network condition) and 8005
 * retry request. Everything else (bad names, values, writability, unsupported methods, 9016
 * file not found, 9018 corrupt file) fails the same way again.
 */
const retryableFaults = new Set([8005, 9002, 9004, 9010, 9015, 9017]);

export function isRetryable(fault: TaskFault): boolean {
  return retryableFaults.has(fault.code);
}

export function isExpired(task: TaskRecord, now: number): boolean {
  return now >= task.expiresAt;
}

/**
 * The task as a send leaves it: running, one more attempt (every send counts, answered or not),
 * and `sent` naming when and by which session (TaskRecord.sent).
 */
export function sentOnce(task: TaskRecord, sent: NonNullable<TaskRecord["sent"]>): TaskRecord {
  return { ...task, status: "running", attempts: task.attempts + 1, updatedAt: sent.at, sent };
}

/** Whether the task may be sent once more: every send counts, answered or not. */
export function maySend(task: TaskRecord): boolean {
  return task.attempts < task.maxAttempts;
}

function withAttempt(task: TaskRecord, attempt: TaskAttempt): readonly TaskAttempt[] {
  return [...(task.history ?? []), attempt];
}

/**
 * The task after a fault (an RPC fault, or a TransferComplete with a FaultCode): back to
 * pending for a later session while retryable and attempts remain, else faulted for good.
 */
export function afterFault(
  task: TaskRecord,
  fault: TaskFault,
  now: number,
  outcome: "fault" | "transfer-fault" = "fault",
): TaskRecord {
  const history = withAttempt(task, { at: now, outcome, fault });
  if (isRetryable(fault) && maySend(task)) {
    return { ...task, status: "pending", fault, history, updatedAt: now };
  }
  const reason = isRetryable(fault)
    ? `gave up after ${task.attempts} attempts`
    : fault.raw !== undefined
      ? "unparseable fault"
      : outcome === "transfer-fault"
        ? "transfer failed"
        : "CPE fault";
  return { ...task, status: "faulted", fault, reason, history, updatedAt: now };
}

/**
 * A send that got no reply: the session ended first (the CPE died, rebooted or went quiet),
 * or the CPE answered with an empty POST. It counts as an attempt; when none remain the task
 * ends `faulted` with reason "no-response" and its history says what each send met.
 */
export function afterNoReply(
  task: TaskRecord,
  outcome: "no-response" | "empty-reply",
  now: number,
): TaskRecord {
  const history = withAttempt(task, { at: now, outcome });
  if (maySend(task)) return { ...task, status: "pending", history, updatedAt: now };
  return {
    ...task,
    status: "faulted",
    reason: `no-response: ${task.attempts} sends without a reply`,
    history,
    updatedAt: now,
  };
}

/** A task found pending with no sends left (records from before every send counted). */
export function gaveUp(task: TaskRecord, now: number): TaskRecord {
  return {
    ...task,
    status: "faulted",
    reason: `gave up after ${task.attempts} attempts`,
    updatedAt: now,
  };
}

export function expire(task: TaskRecord, now: number): TaskRecord {
  return { ...task, status: "expired", reason: "expired before it could complete", updatedAt: now };
}
