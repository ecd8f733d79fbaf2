import type { CpeMessage, CpeMessageOf } from "../core/cwmp/cpe-messages.ts";
import type { CwmpEnvelope } from "../core/cwmp/envelope.ts";
import type { DeviceRecord } from "../core/model/device.ts";
import type { SessionState } from "../core/model/session-state.ts";
import { finalTaskStatuses, type TaskFault, type TaskRecord } from "../core/model/task.ts";
import { answerCpeRequest, isCpeRequest } from "../core/session/cpe-request.ts";
import { renewLease } from "../core/session/lease.ts";
import { taskOutcome, transferCompleted } from "../core/session/task-outcome.ts";
import { afterNoReply } from "../core/session/task-policy.ts";
import { applyParameterUpdate } from "./apply-parameter-update.ts";
import type { CwmpHttpResponse } from "./cwmp-http.ts";
import { envelopeResponse } from "./envelope-response.ts";
import { nextRpc, updateQuietly } from "./next-rpc.ts";
import { settleProfileReply } from "./provisioning/settle-profile-reply.ts";
import { publishTaskEnd } from "./publish-task-end.ts";
import type { SessionDeps } from "./session-deps.ts";

/**
 * Every POST after the Inform (TR-069 3.7.2): a CPE request is answered; an
 * empty POST or the reply to our last RPC hands the floor to the ACS.
 */
export async function continueSession(
  deps: SessionDeps,
  session: SessionState,
  device: DeviceRecord,
  envelope: CwmpEnvelope<CpeMessage> | null,
): Promise<CwmpHttpResponse> {
  const message = envelope?.body ?? null;
  const counted: SessionState = { ...session, exchanges: session.exchanges + 1 };
  if (message && isCpeRequest(message)) {
    const retried =
      message.method === "TransferComplete" ? await completeTransfer(deps, message, device) : [];
    await deps.devices.saveSession(
      {
        ...counted,
        // A failed transfer being retried waits for a later session (task-policy.ts).
        attemptedTaskIds: [...counted.attemptedTaskIds, ...retried],
        expiresAt: renewLease(deps.clock.now(), deps.sessionIdleTimeoutMs),
      },
      {},
    );
    return envelopeResponse(
      deps,
      session.cwmpNamespace,
      envelope?.header.id,
      answerCpeRequest(message),
    );
  }
  const floor: SessionState = { ...counted, phase: "acs-requests", inflight: undefined };
  const inflight = session.inflight;
  if (message && inflight?.serves === "profile" && deps.provisioning) {
    const settled = await settleProfileReply(
      { ...deps, provisioning: deps.provisioning },
      device,
      inflight,
      message,
    );
    const settledProfiles = [
      ...(floor.settledProfiles ?? []),
      ...(settled.settled ? [settled.settled] : []),
    ];
    return nextRpc(
      deps,
      { ...floor, settledProfiles },
      { loaded: device, current: settled.device },
      [],
    );
  }
  const dequeue = message
    ? await applyReply(deps, counted, device, message)
    : await abandonInflight(deps, counted);
  return nextRpc(deps, floor, { loaded: device, current: device }, dequeue);
}

/** The reply to our in-flight RPC: finish (or retry) its task and learn parameters. */
async function applyReply(
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
  const task = await deps.tasks.getTask(inflight.taskId);
  if (!task) return [inflight.taskId];
  const now = deps.clock.now();
  const outcome = taskOutcome(task, reply, now);
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
  if (await updateQuietly(deps, outcome.task, "running")) await publishTaskEnd(deps, outcome.task);
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
  return finalTaskStatuses.has(outcome.task.status) ? [task.id] : [];
}

/** A reply (or TransferComplete) for a task that had already ended: kept on it, not acted on. */
async function recordLateReply(
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
  await updateQuietly(
    deps,
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
async function abandonInflight(deps: SessionDeps, session: SessionState): Promise<string[]> {
  const inflight = session.inflight;
  if (!inflight || inflight.serves === "profile") return []; // settled by the profile's memory
  const task = await deps.tasks.getTask(inflight.taskId);
  if (task?.status !== "running") return [];
  const next = afterNoReply(task, "empty-reply", deps.clock.now());
  deps.logger.warn("empty POST in answer to an RPC", {
    deviceId: task.deviceId,
    taskId: task.id,
    method: inflight.method,
    attempts: task.attempts,
    status: next.status,
  });
  if (await updateQuietly(deps, next, "running")) await publishTaskEnd(deps, next);
  return finalTaskStatuses.has(next.status) ? [task.id] : [];
}

/**
 * TransferComplete (A.3.3.2) names its Download/Upload task by CommandKey, whether it waits
 * for it or its DownloadResponse was lost (still running). Returns the task ids to retry in a
 * later session (a transient transfer fault, task-policy.ts).
 */
async function completeTransfer(
  deps: SessionDeps,
  message: CpeMessageOf<"TransferComplete">,
  device: DeviceRecord,
): Promise<string[]> {
  const task = message.commandKey ? await deps.tasks.getTask(message.commandKey) : undefined;
  if (!task || task.deviceId !== device.id) {
    deps.logger.info("TransferComplete for no task of this device", {
      deviceId: device.id,
      commandKey: message.commandKey,
    });
    return [];
  }
  const now = deps.clock.now();
  // Pending too: a Download whose reply was lost and was settled as unanswered still ran.
  if (finalTaskStatuses.has(task.status)) {
    await recordLateReply(deps, task, message, now);
    return [];
  }
  const finished = transferCompleted(task, message, now);
  if (!(await updateQuietly(deps, finished, task.status))) return [];
  await publishTaskEnd(deps, finished);
  if (finalTaskStatuses.has(finished.status) && device.taskQueue.includes(task.id))
    await deps.tasks.dequeue(device.id, [task.id]);
  return finished.status === "pending" ? [task.id] : [];
}
