import type { CpeMessage, CpeMessageOf } from "../core/cwmp/cpe-messages.ts";
import type { CwmpEnvelope } from "../core/cwmp/envelope.ts";
import type { DeviceRecord } from "../core/model/device.ts";
import type { SessionState } from "../core/model/session-state.ts";
import { finalTaskStatuses, type TaskRecord } from "../core/model/task.ts";
import { answerCpeRequest, isCpeRequest } from "../core/session/cpe-request.ts";
import { taskOutcome, transferCompleted } from "../core/session/task-outcome.ts";
import { applyParameterUpdate } from "./apply-parameter-update.ts";
import type { CwmpHttpResponse } from "./cwmp-http.ts";
import { envelopeResponse } from "./envelope-response.ts";
import { nextRpc, updateQuietly } from "./next-rpc.ts";
import { settleProfileReply } from "./provisioning/settle-profile-reply.ts";
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
    if (message.method === "TransferComplete") await completeTransfer(deps, message, device);
    await deps.devices.saveSession(
      { ...counted, expiresAt: deps.clock.now() + deps.sessionLeaseMs },
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
  if (task.status !== "running") return []; // cancelled meanwhile: keep its final state
  if (await updateQuietly(deps, outcome.task, "running")) await publishEnd(deps, outcome.task);
  deps.logger.info("task replied", {
    deviceId: device.id,
    taskId: task.id,
    status: outcome.task.status,
  });
  const leaves =
    finalTaskStatuses.has(outcome.task.status) || outcome.task.status === "awaiting-transfer";
  return leaves ? [task.id] : [];
}

/** An empty POST while an RPC was in flight: the CPE dropped it; try again next session. */
async function abandonInflight(deps: SessionDeps, session: SessionState): Promise<string[]> {
  const inflight = session.inflight;
  if (!inflight || inflight.serves === "profile") return []; // planned again next time
  const task = await deps.tasks.getTask(inflight.taskId);
  if (task?.status === "running") {
    await updateQuietly(
      deps,
      { ...task, status: "pending", updatedAt: deps.clock.now() },
      "running",
    );
  }
  return [];
}

/** TransferComplete (A.3.3.2) names its Download/Upload task by CommandKey. */
async function completeTransfer(
  deps: SessionDeps,
  message: CpeMessageOf<"TransferComplete">,
  device: DeviceRecord,
): Promise<void> {
  const task = message.commandKey ? await deps.tasks.getTask(message.commandKey) : undefined;
  if (!task || task.deviceId !== device.id || finalTaskStatuses.has(task.status)) {
    deps.logger.info("TransferComplete for no open task", {
      deviceId: device.id,
      commandKey: message.commandKey,
    });
    return;
  }
  const finished = transferCompleted(task, message, deps.clock.now());
  if (!(await updateQuietly(deps, finished, task.status))) return;
  await publishEnd(deps, finished);
  if (device.taskQueue.includes(task.id)) await deps.tasks.dequeue(device.id, [task.id]);
}

/** TaskCompleted / TaskFaulted for a task that just reached one of those states. */
async function publishEnd(deps: SessionDeps, task: TaskRecord): Promise<void> {
  if (task.status !== "done" && task.status !== "faulted") return;
  await deps.events.publish([
    {
      type: task.status === "done" ? "TaskCompleted" : "TaskFaulted",
      deviceId: task.deviceId,
      at: task.updatedAt,
      taskId: task.id,
      task: task.spec.name,
      ...(task.fault && { fault: { code: task.fault.code, string: task.fault.string } }),
    },
  ]);
}
