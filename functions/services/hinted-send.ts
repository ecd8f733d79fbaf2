import { cwmpNamespaces } from "../core/cwmp/namespaces.ts";
import type { TaskRecord } from "../core/model/task.ts";
import { campaignGate } from "../core/session/campaign-gate.ts";
import { hintedSendTaskNames, type SendHint } from "../core/session/send-hint.ts";
import { sentOnce } from "../core/session/task-policy.ts";
import { campaignStatusOnce } from "./campaign-status-once.ts";
import type { CwmpHttpResponse } from "./cwmp-http.ts";
import { envelopeResponse } from "./envelope-response.ts";
import { faultUnsendable, openedRpc, unopenableReason } from "./send-task.ts";
import type { SessionRef } from "./session-cookie.ts";
import type { SessionDeps } from "./session-deps.ts";
import { sessionTag } from "./session-tag.ts";
import { transferUrl } from "./transfer-url.ts";
import { exchangesAfterUnsavedSend, leaseAllowsUnsavedSend } from "./unsaved-send.ts";
import { updateTaskQuietly } from "./update-task-quietly.ts";

/** The cookie's send hint if this ACS signed it (core/session/send-hint.ts); else undefined. */
export function verifiedSendHint(deps: SessionDeps, ref: SessionRef): SendHint | undefined {
  if (!deps.sendHints || !ref.send || ref.nextTaskId === undefined) return undefined;
  const hint: SendHint = {
    deviceId: ref.deviceId,
    sessionId: ref.sessionId,
    taskId: ref.nextTaskId,
    expiresAt: ref.send.expiresAt,
    namespace: ref.send.namespace,
  };
  return deps.sendHints.verify(hint, ref.send.mac) ? hint : undefined;
}

/**
 * The empty POST after an Inform whose only work was the queue (TR-069 3.7.2: the ACS has the
 * floor): its oldest task is marked running and sent in one conditional write, nothing read. It
 * is the send the session would make after reading the device, lease and task (next-rpc.ts):
 * no profile is due (the Inform said so), the session is as its Inform left it, the task is the
 * queue's first and needs no device record (the write's condition), and the send stays unsaved
 * as unsaved-send.ts allows, so the reply is told by the task item as after any unsaved send. A
 * campaign's task passes its campaign's gate first, and a transfer gets its URL, as in
 * send-task.ts. Undefined when any of that fails: nothing was sent (a claim already written is
 * undone), and the request goes the usual way. A session taken over since its Inform may still
 * send here; its reply then finds the session lost, and the task, still `running`, is settled
 * as unanswered by the next session that looks at it (unanswered-task.ts), its attempt counted.
 */
export async function hintedSend(
  deps: SessionDeps,
  hint: SendHint,
): Promise<CwmpHttpResponse | undefined> {
  const now = deps.clock.now();
  const namespace = cwmpNamespaces[hint.namespace];
  if (namespace === undefined) return undefined;
  if (!leaseAllowsUnsavedSend(hint.expiresAt, now, deps.sessionIdleTimeoutMs)) return undefined;
  const sent = { at: now, session: sessionTag(hint.sessionId) };
  const claim = { taskId: hint.taskId, deviceId: hint.deviceId, sent, names: hintedSendTaskNames };
  const before = await deps.tasks.claimForSend(claim);
  if (!before) return undefined;
  const task = sentOnce(before, sent);
  if (!(await campaignSends(deps, task, now))) {
    // Paused, halted or gone: undone, and the usual path holds or cancels it (runnable-task.ts).
    await updateTaskQuietly(deps.tasks, before, "running");
    return undefined;
  }
  // Never sent when it cannot be: it ends faulted as the usual path leaves it, no attempt counted.
  const transfer = await transferUrl(deps, task, now);
  if (transfer.kind === "unavailable")
    return faultUnsendable(deps, before, transfer.reason, now, "running");
  const rpc = openedRpc(deps, task, transfer.kind === "url" ? transfer.url : undefined);
  if (rpc === undefined) return faultUnsendable(deps, before, unopenableReason, now, "running");
  // The Inform was the session's first exchange (open-session.ts).
  const rpcId = `acs-${exchangesAfterUnsavedSend(1)}`;
  return envelopeResponse(deps, namespace, rpcId, rpc);
}

/** Whether the task's campaign, if any, lets it be sent now (core/session/campaign-gate.ts). */
async function campaignSends(deps: SessionDeps, task: TaskRecord, now: number): Promise<boolean> {
  if (task.campaignId === undefined) return true;
  const status = await campaignStatusOnce(deps.campaignProgress)(task.campaignId);
  return campaignGate(task, status, now).kind === "send";
}
