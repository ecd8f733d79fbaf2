import type { AcsMessage } from "../core/cwmp/acs-messages.ts";
import type { DeviceRecord } from "../core/model/device.ts";
import type { InflightRpc, SessionState } from "../core/model/session-state.ts";
import { type AddObjectRecovery, finalTaskStatuses, type TaskRecord } from "../core/model/task.ts";
import { renewLease } from "../core/session/lease.ts";
import { expire, gaveUp, isExpired, maySend } from "../core/session/task-policy.ts";
import { rpcForTask } from "../core/session/task-rpc.ts";
import { instanceNumbers, settleUnanswered } from "../core/session/unanswered-task.ts";
import { TaskConflictError } from "../port-errors.ts";
import type { DeviceChanges } from "../ports.ts";
import { type CwmpHttpResponse, endOfSession } from "./cwmp-http.ts";
import { envelopeResponse } from "./envelope-response.ts";
import { nextProfileRpc } from "./provisioning/next-profile-rpc.ts";
import { publishTaskEnd } from "./publish-task-end.ts";
import type { SessionDeps } from "./session-deps.ts";

/** The device as loaded at the start of this exchange, and as the exchange changed it so far. */
export interface DeviceInExchange {
  readonly loaded: DeviceRecord;
  readonly current: DeviceRecord;
}

/**
 * The ACS has the floor (TR-069 3.7.2): first what provisioning profiles
 * need (issue 6), then the RPC of the oldest runnable task, else end the
 * session with 204. Tasks already tried in this session wait for the next
 * one (so a retryable fault does not loop); finished or expired ones leave
 * the queue on the way.
 */
export async function nextRpc(
  deps: SessionDeps,
  session: SessionState,
  device: DeviceInExchange,
  dequeue: readonly string[],
): Promise<CwmpHttpResponse> {
  const now = deps.clock.now();
  const leaving = new Set(dequeue);
  let current = device.current;
  let floor = session;
  if (session.exchanges < deps.maxExchanges) {
    let queue = current.taskQueue;
    if (deps.provisioning) {
      const turn = await nextProfileRpc(
        { ...deps, provisioning: deps.provisioning },
        session,
        current,
      );
      current = turn.device;
      floor = { ...session, settledProfiles: turn.settled };
      const changes = { dequeue: [...leaving], ...changedFields(device.loaded, current) };
      if (turn.step) {
        const inflight: InflightRpc = {
          serves: "profile",
          profile: turn.step.profile,
          purpose: turn.step.rpc.purpose,
          rpcId: "",
          method: turn.step.rpc.rpc.method,
          sentAt: now,
        };
        const counted = { ...floor, profileRpcs: (floor.profileRpcs ?? 0) + 1 };
        return sendRpc(deps, counted, inflight, turn.step.rpc.rpc, changes);
      }
      queue = [...queue, ...turn.newTaskIds];
    }
    const changes = changedFields(device.loaded, current);
    for (const taskId of queue) {
      if (leaving.has(taskId) || session.attemptedTaskIds.includes(taskId)) continue;
      const task = await runnable(deps, session, taskId, now, leaving);
      if (!task) continue;
      const sent = await sendTask(deps, floor, current, task, now, {
        dequeue: [...leaving],
        ...changes,
      });
      if (sent) return sent;
    }
  } else {
    deps.logger.warn("session ended at the exchange limit", { deviceId: session.deviceId });
  }
  const changes = { dequeue: [...leaving], ...changedFields(device.loaded, current) };
  await deps.devices.closeSession(floor, changes, now);
  deps.logger.info("session closed", { deviceId: session.deviceId, exchanges: session.exchanges });
  return endOfSession;
}

/** Provisioning fields the exchange changed (by reference): written with the session, no extra request. */
function changedFields(loaded: DeviceRecord, current: DeviceRecord): DeviceChanges {
  return {
    ...(current.provisioning !== loaded.provisioning && { provisioning: current.provisioning }),
    ...(current.crSecrets !== loaded.crSecrets && { crSecrets: current.crSecrets }),
    ...(current.xmppAccount !== loaded.xmppAccount && { xmppAccount: current.xmppAccount }),
  };
}

/**
 * The task if the ACS may send it now. Finished ones leave the queue; one waiting for its
 * TransferComplete stays queued but is not sent; one still `running` got no reply to its
 * last send and is settled first (unanswered-task.ts); one with no sends left gives up.
 */
async function runnable(
  deps: SessionDeps,
  session: SessionState,
  taskId: string,
  now: number,
  leaving: Set<string>,
): Promise<TaskRecord | undefined> {
  const task = await deps.tasks.getTask(taskId);
  if (!task || finalTaskStatuses.has(task.status)) {
    leaving.add(taskId);
    return undefined;
  }
  if (isExpired(task, now)) {
    await updateQuietly(deps, expire(task, now), task.status);
    leaving.add(taskId);
    return undefined;
  }
  let current = task;
  if (task.status === "running") {
    current = settleUnanswered(task, session, now);
    if (!(await updateQuietly(deps, current, "running"))) return undefined;
    deps.logger.warn("task got no reply to its last send", {
      deviceId: task.deviceId,
      taskId: task.id,
      task: task.spec.name,
      attempts: task.attempts,
      status: current.status,
    });
    await publishTaskEnd(deps, current);
  } else if (task.status === "pending" && !maySend(task)) {
    current = gaveUp(task, now);
    if (await updateQuietly(deps, current, "pending")) await publishTaskEnd(deps, current);
  }
  if (finalTaskStatuses.has(current.status)) leaving.add(taskId);
  return current.status === "pending" ? current : undefined;
}

async function sendTask(
  deps: SessionDeps,
  session: SessionState,
  device: DeviceRecord,
  task: TaskRecord,
  now: number,
  changes: DeviceChanges,
): Promise<CwmpHttpResponse | undefined> {
  const rpc = rpcForTask(task);
  const running: TaskRecord = {
    ...task,
    status: "running",
    attempts: task.attempts + 1,
    updatedAt: now,
    ...(rpc.method === "AddObject" && {
      addObjectRecovery: await addObjectSnapshot(deps, device, task),
    }),
  };
  if (!(await updateQuietly(deps, running, task.status))) return undefined;
  const inflight: InflightRpc = { rpcId: "", method: rpc.method, taskId: task.id, sentAt: now };
  const attempted = { ...session, attemptedTaskIds: [...session.attemptedTaskIds, task.id] };
  return sendRpc(deps, attempted, inflight, rpc, changes);
}

/**
 * The instances the ACS knows under an AddObject's object before sending it, kept on the task
 * so a lost reply can be checked (task-outcome.ts). The first snapshot is kept on a re-send.
 */
async function addObjectSnapshot(
  deps: SessionDeps,
  device: DeviceRecord,
  task: TaskRecord,
): Promise<AddObjectRecovery> {
  if (task.addObjectRecovery?.instancesBefore !== undefined || task.spec.name !== "addObject")
    return { ...task.addObjectRecovery, verifying: false };
  const objectName = task.spec.objectName;
  const known = await deps.parameters.getParameters(
    device.id,
    device.parameterGeneration,
    objectName,
  );
  // Nothing stored under the object: its instances are unknown, not "none".
  if (known.length === 0) return { verifying: false };
  return {
    instancesBefore: instanceNumbers(
      objectName,
      known.map((p) => p.name),
    ),
    verifying: false,
  };
}

/** Saves the session with the RPC in flight (and the exchange's device changes), then sends it. */
async function sendRpc(
  deps: SessionDeps,
  session: SessionState,
  inflight: InflightRpc,
  rpc: AcsMessage,
  changes: DeviceChanges,
): Promise<CwmpHttpResponse> {
  const now = deps.clock.now();
  const rpcId = `acs-${session.exchanges + 1}`;
  const next: SessionState = {
    ...session,
    phase: "awaiting-response",
    inflight: { ...inflight, rpcId },
    exchanges: session.exchanges + 1,
    expiresAt: renewLease(now, deps.sessionIdleTimeoutMs),
  };
  await deps.devices.saveSession(next, changes);
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
