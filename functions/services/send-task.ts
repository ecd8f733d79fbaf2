import type { AcsMessage } from "../core/cwmp/acs-messages.ts";
import type { DeviceRecord } from "../core/model/device.ts";
import type { SessionState } from "../core/model/session-state.ts";
import type { AddObjectRecovery, TaskRecord } from "../core/model/task.ts";
import { sentOnce } from "../core/session/task-policy.ts";
import { rpcForTask } from "../core/session/task-rpc.ts";
import { instanceNumbers } from "../core/session/unanswered-task.ts";
import { SecretUnreadableError } from "../port-errors.ts";
import { taskSecretOpener } from "../tasks/task-secrets.ts";
import type { CwmpHttpResponse } from "./cwmp-http.ts";
import type { Exchange } from "./exchange.ts";
import { carriedTask } from "./inflight-task.ts";
import { publishTaskEnd } from "./publish-task-end.ts";
import { sendRpc } from "./send-rpc.ts";
import type { SessionDeps } from "./session-deps.ts";
import { sessionTag } from "./session-tag.ts";
import { transferUrl } from "./transfer-url.ts";
import { updateTaskQuietly } from "./update-task-quietly.ts";

/** Why a task whose sealed values no configured key opens ends faulted, unsent. */
export const unopenableReason =
  "its sealed secret values cannot be opened with the configured ACS_SECRETS_KEY";

/**
 * Marks the task running (one more attempt: every send counts) and sends its RPC; undefined if
 * someone moved the task on meanwhile (cancelled through the API, say).
 */
export async function sendTask(
  deps: SessionDeps,
  session: SessionState,
  task: TaskRecord,
  exchange: Exchange,
): Promise<CwmpHttpResponse | undefined> {
  const now = deps.clock.now();
  const transfer = await transferUrl(deps, task, now);
  if (transfer.kind === "unavailable") return faultUnsendable(deps, task, transfer.reason, now);
  const rpc = openedRpc(deps, task, transfer.kind === "url" ? transfer.url : undefined);
  if (rpc === undefined) return faultUnsendable(deps, task, unopenableReason, now);
  const running: TaskRecord = {
    ...sentOnce(task, { at: now, session: sessionTag(session.id) }),
    ...(rpc.method === "AddObject" && {
      addObjectRecovery: await addObjectSnapshot(deps, exchange.device, task),
    }),
  };
  if (!(await updateTaskQuietly(deps.tasks, running, task.status))) return undefined;
  const attempted = { ...session, attemptedTaskIds: [...session.attemptedTaskIds, task.id] };
  const carried = carriedTask(running);
  const inflight = {
    method: rpc.method,
    taskId: task.id,
    sentAt: now,
    ...(carried && { task: carried }),
  };
  return sendRpc(deps, attempted, inflight, rpc, exchange);
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
  const names = known.map((p) => p.name);
  return { instancesBefore: instanceNumbers(objectName, names), verifying: false };
}

/** The task's RPC, its sealed secret values opened; undefined when they cannot be opened. */
export function openedRpc(
  deps: SessionDeps,
  task: TaskRecord,
  url: string | undefined,
): AcsMessage | undefined {
  try {
    return rpcForTask(task, taskSecretOpener(deps.taskSecrets), url);
  } catch (error) {
    if (!(error instanceof SecretUnreadableError)) throw error;
    deps.logger.error("sealed task values cannot be opened (was ACS_SECRETS_KEY changed?)", {
      deviceId: task.deviceId,
      taskId: task.id,
      context: error.context,
    });
    return undefined;
  }
}

/**
 * A task that can never be sent (its secrets no key opens, or its file needs a store this
 * endpoint lacks): it ends faulted without a send (it leaves the queue when next looked at, as
 * every ended task does).
 */
export async function faultUnsendable(
  deps: SessionDeps,
  task: TaskRecord,
  reason: string,
  now: number,
  expected: TaskRecord["status"] = task.status,
): Promise<undefined> {
  const faulted: TaskRecord = { ...task, status: "faulted", reason, updatedAt: now };
  if (await updateTaskQuietly(deps.tasks, faulted, expected)) await publishTaskEnd(deps, faulted);
  return undefined;
}
