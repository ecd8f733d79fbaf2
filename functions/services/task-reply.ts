import type { CpeMessage } from "../core/cwmp/cpe-messages.ts";
import type { DeviceRecord } from "../core/model/device.ts";
import { builtInSecretPolicy, maskTaskResult } from "../core/model/secret-parameters.ts";
import type { SessionState } from "../core/model/session-state.ts";
import { finalTaskStatuses, type TaskFault, type TaskRecord } from "../core/model/task.ts";
import { afterFirmwareTransfer } from "../core/session/firmware-verification.ts";
import { type TaskOutcome, taskOutcome } from "../core/session/task-outcome.ts";
import { afterNoReply } from "../core/session/task-policy.ts";
import { applyParameterUpdate } from "./apply-parameter-update.ts";
import { endCancelledTransfer } from "./cancelled-transfer.ts";
import { inflightTask } from "./inflight-task.ts";
import { publishTaskEnd } from "./publish-task-end.ts";
import type { SessionDeps } from "./session-deps.ts";
import { updateTaskQuietly } from "./update-task-quietly.ts";

/** The reply to our in-flight RPC: finish (or retry) its task and learn parameters. */
export async function applyTaskReply(
  deps: SessionDeps,
  session: SessionState,
  device: DeviceRecord,
  reply: CpeMessage,
): Promise<string[]> {
  const inflight = session.inflight;
  if (!inflight || inflight.serves === "profile") {
    deps.logger.warn("reply without a task request in flight", {
      deviceId: device.id,
      method: reply.method,
    });
    return [];
  }
  const task = await inflightTask(deps.tasks, session, inflight);
  if (!task) return [inflight.taskId];
  const now = deps.clock.now();
  const replied = taskOutcome(task, reply, now);
  // DownloadResponse Status 0 of a firmware image: this session's Inform predates it.
  const judged = { ...replied, task: afterFirmwareTransfer(replied.task, undefined, now) };
  const outcome = maskedOutcome(judged, deps.taskSecrets?.policy);
  await applyParameterUpdate(
    deps.parameters,
    device.id,
    device.parameterGeneration,
    outcome.parameters,
  );
  if (task.status !== "running") {
    // Cancelled (or settled) meanwhile: the reply is recorded, the task keeps its final state.
    await recordLateReply(deps, task, reply, now);
    return finalTaskStatuses.has(task.status) ? [task.id] : [];
  }
  // The transfer a CancelTransfer removed on the CPE ends first: whoever sees the cancel done
  // then sees it ended too.
  const cancelledTransfer = await endCancelledTransfer(deps, outcome.task, now);
  if (!(await updateTaskQuietly(deps.tasks, outcome.task, "running")))
    return [...(await lateAfterConflict(deps, task.id, reply, now)), ...cancelledTransfer];
  await publishTaskEnd(deps, outcome.task);
  if (outcome.task.fault?.raw !== undefined) {
    deps.logger.warn("unparseable fault from the CPE", {
      deviceId: device.id,
      taskId: task.id,
      raw: outcome.task.fault.raw,
    });
  }
  deps.logger.info("task replied", {
    deviceId: device.id,
    taskId: task.id,
    status: outcome.task.status,
  });
  return [...(finalTaskStatuses.has(outcome.task.status) ? [task.id] : []), ...cancelledTransfer];
}

/**
 * The done write found the task moved on since the send (cancelled through the API while the
 * CPE worked): read it now, record the reply on it, and let it keep its final state.
 */
async function lateAfterConflict(
  deps: SessionDeps,
  taskId: string,
  reply: CpeMessage,
  now: number,
): Promise<string[]> {
  const current = await deps.tasks.getTask(taskId);
  if (!current) return [taskId];
  if (current.status === "running") return []; // another writer's running send: not ours to end
  await recordLateReply(deps, current, reply, now);
  return finalTaskStatuses.has(current.status) ? [current.id] : [];
}

/** The outcome as stored: secret values the CPE read back are masked in the task's result. */
function maskedOutcome(outcome: TaskOutcome, policy = builtInSecretPolicy): TaskOutcome {
  return { ...outcome, task: maskTaskResult(outcome.task, policy) };
}

/** A reply (or TransferComplete) for a task that had already ended: kept on it, not acted on. */
export async function recordLateReply(
  deps: SessionDeps,
  task: TaskRecord,
  reply: CpeMessage,
  now: number,
): Promise<void> {
  deps.logger.info("late reply for an ended task", {
    deviceId: task.deviceId,
    taskId: task.id,
    status: task.status,
    method: reply.method,
  });
  if (!finalTaskStatuses.has(task.status)) return;
  const fault = lateFault(reply);
  await updateTaskQuietly(
    deps.tasks,
    { ...task, lateReply: { at: now, method: reply.method, ...(fault && { fault }) } },
    task.status,
  );
}

function lateFault(reply: CpeMessage): TaskFault | undefined {
  if (reply.method === "Fault") return { code: reply.faultCode, string: reply.faultString };
  if (reply.method === "TransferComplete" && reply.faultStruct.faultCode !== 0)
    return { code: reply.faultStruct.faultCode, string: reply.faultStruct.faultString };
  return undefined;
}

/**
 * An empty POST while an RPC was in flight (TR-069 3.7.2.3 lets a CPE end its part so; some
 * answer an RPC they do not support this way). The send counts as an attempt without a reply
 * (task-policy.ts): pending for a later session, or faulted "no-response" when none remain.
 */
export async function emptyTaskReply(deps: SessionDeps, session: SessionState): Promise<string[]> {
  const inflight = session.inflight;
  if (!inflight || inflight.serves === "profile") return []; // settled by the profile's memory
  const task = await inflightTask(deps.tasks, session, inflight);
  if (task?.status !== "running") return [];
  const next = afterNoReply(task, "empty-reply", deps.clock.now());
  deps.logger.warn("empty POST in answer to an RPC", {
    deviceId: task.deviceId,
    taskId: task.id,
    method: inflight.method,
    attempts: task.attempts,
    status: next.status,
  });
  if (await updateTaskQuietly(deps.tasks, next, "running")) await publishTaskEnd(deps, next);
  return finalTaskStatuses.has(next.status) ? [task.id] : [];
}
