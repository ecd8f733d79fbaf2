import { cwmpNamespaces } from "../core/cwmp/namespaces.ts";
import { hintedSendTaskNames, type SendHint } from "../core/session/send-hint.ts";
import type { CwmpHttpResponse } from "./cwmp-http.ts";
import { envelopeResponse } from "./envelope-response.ts";
import { faultUnsendable, openedRpc, unopenableReason } from "./send-task.ts";
import type { SessionRef } from "./session-cookie.ts";
import type { SessionDeps } from "./session-deps.ts";
import { sessionTag } from "./session-tag.ts";
import { exchangesAfterUnsavedSend, leaseAllowsUnsavedSend } from "./unsaved-send.ts";

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
 * queue's first and needs neither the device record nor a file URL (the write's condition), and
 * the send stays unsaved as unsaved-send.ts allows, so the reply is told by the task item as
 * after any unsaved send. Undefined when any of that fails: nothing was sent, and the request
 * goes the usual way. A session taken over since its Inform may still send here; its reply then
 * finds the session lost, and the task, still `running`, is settled as unanswered by the next
 * session that looks at it (unanswered-task.ts), its attempt counted.
 */
export async function hintedSend(
  deps: SessionDeps,
  hint: SendHint,
): Promise<CwmpHttpResponse | undefined> {
  const now = deps.clock.now();
  const namespace = cwmpNamespaces[hint.namespace];
  if (namespace === undefined) return undefined;
  if (!leaseAllowsUnsavedSend(hint.expiresAt, now, deps.sessionIdleTimeoutMs)) return undefined;
  const task = await deps.tasks.claimForSend({
    taskId: hint.taskId,
    deviceId: hint.deviceId,
    sent: { at: now, session: sessionTag(hint.sessionId) },
    names: hintedSendTaskNames,
  });
  if (!task) return undefined;
  const rpc = openedRpc(deps, task, undefined);
  if (rpc === undefined) {
    // Never sent: the attempt the claim counted is taken back with the fault.
    const unsent = { ...task, attempts: task.attempts - 1 };
    return faultUnsendable(deps, unsent, unopenableReason, now, "running");
  }
  // The Inform was the session's first exchange (open-session.ts).
  const rpcId = `acs-${exchangesAfterUnsavedSend(1)}`;
  return envelopeResponse(deps, namespace, rpcId, rpc);
}
