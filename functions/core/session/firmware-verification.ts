import type { MethodEvent } from "../model/inform-facts.ts";
import type { TaskRecord } from "../model/task.ts";

/** The `reason` of a firmware Download whose CPE then reports another SoftwareVersion. */
export const versionMismatchReason = "version-mismatch";

/** What a session's opening Inform says about the firmware the CPE runs (TR-069 3.7.1.5). */
export interface VersionEvidence {
  /** When the session opened: an Inform later than a task's last change can judge it. */
  readonly startedAt: number;
  readonly events: readonly string[];
  readonly methodEvents?: readonly MethodEvent[];
  /** DeviceInfo.SoftwareVersion as the Inform reported it (a forced Inform parameter). */
  readonly softwareVersion?: string;
}

/**
 * A Download that finished (DownloadResponse Status 0, or TransferComplete FaultCode 0) of a
 * firmware image naming a version is not done until the CPE reports that version. When the
 * TransferComplete came in a session opened by the reboot into the new image (`1 BOOT`, or
 * `M Download` with the task's CommandKey), that Inform decides now; otherwise (Status 0 came
 * in the session whose Inform preceded the transfer, or the CPE has not rebooted yet) the task
 * is `verifying` and the next Inform decides (`settleVerifying`). Other tasks pass unchanged.
 */
export function afterFirmwareTransfer(
  task: TaskRecord,
  evidence: VersionEvidence | undefined,
  now: number,
): TaskRecord {
  if (task.status !== "done" || expectedVersion(task) === undefined) return task;
  if (evidence && rebootedInto(task, evidence)) return judged(task, evidence, now);
  return { ...task, status: "verifying", updatedAt: now };
}

/**
 * A `verifying` task seen in a session opened after it became so: that session's Inform
 * reports the version the CPE now runs. Seen in the same session (or any other task): unchanged.
 */
export function settleVerifying(
  task: TaskRecord,
  evidence: VersionEvidence,
  now: number,
): TaskRecord {
  if (task.status !== "verifying" || task.updatedAt >= evidence.startedAt) return task;
  return judged(task, evidence, now);
}

/** `verified` when the reported SoftwareVersion is the expected one, else `version-mismatch`. */
function judged(task: TaskRecord, evidence: VersionEvidence, now: number): TaskRecord {
  const reported = evidence.softwareVersion;
  const result = { ...task.result, ...(reported !== undefined && { softwareVersion: reported }) };
  if (reported !== undefined && reported === expectedVersion(task))
    return { ...task, status: "verified", result, updatedAt: now };
  return { ...task, status: "faulted", result, reason: versionMismatchReason, updatedAt: now };
}

function rebootedInto(task: TaskRecord, evidence: VersionEvidence): boolean {
  return (
    evidence.events.includes("1 BOOT") ||
    (evidence.methodEvents ?? []).some((e) => e.code === "M Download" && e.commandKey === task.id)
  );
}

function expectedVersion(task: TaskRecord): string | undefined {
  return task.spec.name === "download" ? task.spec.expectedVersion : undefined;
}
