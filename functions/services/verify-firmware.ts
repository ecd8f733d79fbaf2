import type { SessionState } from "../core/model/session-state.ts";
import type { TaskRecord } from "../core/model/task.ts";
import { settleVerifying, versionMismatchReason } from "../core/session/firmware-verification.ts";
import { publishTaskEnd } from "./publish-task-end.ts";
import type { SessionDeps } from "./session-deps.ts";
import { updateTaskQuietly } from "./update-task-quietly.ts";

/**
 * A `verifying` firmware Download judged by this session's Inform when it opened after the
 * transfer (firmware-verification.ts): the task as it now is; undefined if someone moved it on
 * meanwhile. It is never sent again: it stays queued, unsent, until judged or expired.
 */
export async function verifyFirmware(
  deps: SessionDeps,
  session: SessionState,
  task: TaskRecord,
  now: number,
): Promise<TaskRecord | undefined> {
  const next = settleVerifying(task, session, now);
  if (next === task) return task;
  if (!(await updateTaskQuietly(deps.tasks, next, task.status))) return undefined;
  logVerification(deps, next);
  await publishTaskEnd(deps, next);
  return next;
}

/** A firmware Download judged by the CPE's SoftwareVersion: logged with both versions. */
export function logVerification(deps: Pick<SessionDeps, "logger">, task: TaskRecord): void {
  if (task.status !== "verified" && task.reason !== versionMismatchReason) return;
  const fields = {
    deviceId: task.deviceId,
    taskId: task.id,
    expectedVersion: task.spec.name === "download" ? task.spec.expectedVersion : undefined,
    reportedVersion: task.result?.softwareVersion,
  };
  if (task.status === "verified") deps.logger.info("firmware version verified", fields);
  else deps.logger.warn("firmware version mismatch", fields);
}
