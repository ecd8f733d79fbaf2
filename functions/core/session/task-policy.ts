import type { TaskFault, TaskRecord } from "../model/task.ts";

/**
 * CPE faults worth another attempt in a later session (TR-069 A.5.1):
 * 9002 internal error, 9004 resources exceeded, 9017/9010 transient transfer
 * failures and 8005 retry request. Everything else (bad names, values,
 * writability, unsupported methods) fails the same way again.
 */
const retryableFaults = new Set([8005, 9002, 9004, 9010, 9017]);

export function isRetryable(fault: TaskFault): boolean {
  return retryableFaults.has(fault.code);
}

export function isExpired(task: TaskRecord, now: number): boolean {
  return now >= task.expiresAt;
}

/** The task after a fault: back to pending for a later session, or faulted for good. */
export function afterFault(task: TaskRecord, fault: TaskFault, now: number): TaskRecord {
  if (isRetryable(fault) && task.attempts < task.maxAttempts) {
    return { ...task, status: "pending", fault, updatedAt: now };
  }
  const reason = isRetryable(fault) ? `gave up after ${task.attempts} attempts` : "CPE fault";
  return { ...task, status: "faulted", fault, reason, updatedAt: now };
}

export function expire(task: TaskRecord, now: number): TaskRecord {
  return { ...task, status: "expired", reason: "expired before it could complete", updatedAt: now };
}
