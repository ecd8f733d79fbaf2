import type { DeviceRecord } from "../core/model/device.ts";
import type { SessionState } from "../core/model/session-state.ts";
import { finalTaskStatuses, type TaskRecord } from "../core/model/task.ts";
import { expire, isExpired } from "../core/session/task-policy.ts";
import { rpcForTask } from "../core/session/task-rpc.ts";
import { TaskConflictError } from "../port-errors.ts";
import { type CwmpHttpResponse, endOfSession } from "./cwmp-http.ts";
import { envelopeResponse } from "./envelope-response.ts";
import type { SessionDeps } from "./session-deps.ts";

/**
 * The ACS has the floor (TR-069 3.7.2): send the RPC of the oldest runnable
 * task, or end the session with 204. Tasks already tried in this session
 * wait for the next one (so a retryable fault does not loop); finished or
 * expired ones leave the queue on the way.
 */
export async function nextRpc(
  deps: SessionDeps,
  session: SessionState,
  device: DeviceRecord,
  dequeue: readonly string[],
): Promise<CwmpHttpResponse> {
  const now = deps.clock.now();
  const leaving = new Set(dequeue);
  if (session.exchanges < deps.maxExchanges) {
    for (const taskId of device.taskQueue) {
      if (leaving.has(taskId) || session.attemptedTaskIds.includes(taskId)) continue;
      const task = await runnable(deps, taskId, now, leaving);
      if (!task) continue;
      const sent = await send(deps, session, task, now, [...leaving]);
      if (sent) return sent;
    }
  } else {
    deps.logger.warn("session ended at the exchange limit", { deviceId: session.deviceId });
  }
  await deps.devices.closeSession(session, { dequeue: [...leaving] }, now);
  deps.logger.info("session closed", { deviceId: session.deviceId, exchanges: session.exchanges });
  return endOfSession;
}

async function runnable(
  deps: SessionDeps,
  taskId: string,
  now: number,
  leaving: Set<string>,
): Promise<TaskRecord | undefined> {
  const task = await deps.tasks.getTask(taskId);
  if (!task || finalTaskStatuses.has(task.status) || task.status === "awaiting-transfer") {
    leaving.add(taskId);
    return undefined;
  }
  if (isExpired(task, now)) {
    await updateQuietly(deps, expire(task, now), task.status);
    leaving.add(taskId);
    return undefined;
  }
  return task;
}

async function send(
  deps: SessionDeps,
  session: SessionState,
  task: TaskRecord,
  now: number,
  dequeue: string[],
): Promise<CwmpHttpResponse | undefined> {
  const rpc = rpcForTask(task);
  const running: TaskRecord = {
    ...task,
    status: "running",
    attempts: task.attempts + 1,
    updatedAt: now,
  };
  if (!(await updateQuietly(deps, running, task.status))) return undefined;
  const rpcId = `acs-${session.exchanges + 1}`;
  const next: SessionState = {
    ...session,
    phase: "awaiting-response",
    inflight: { rpcId, method: rpc.method, taskId: task.id, sentAt: now },
    exchanges: session.exchanges + 1,
    attemptedTaskIds: [...session.attemptedTaskIds, task.id],
    expiresAt: now + deps.sessionLeaseMs,
  };
  await deps.devices.saveSession(next, { dequeue });
  return envelopeResponse(deps, session.cwmpNamespace, rpcId, rpc);
}

/** Replaces a task unless someone moved it on (cancelled via the API, say): then false. */
export async function updateQuietly(
  deps: SessionDeps,
  task: TaskRecord,
  expected: TaskRecord["status"],
): Promise<boolean> {
  try {
    await deps.tasks.updateTask(task, expected);
    return true;
  } catch (error) {
    if (error instanceof TaskConflictError) return false;
    throw error;
  }
}
