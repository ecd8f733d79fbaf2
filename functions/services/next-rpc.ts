import type { SessionState } from "../core/model/session-state.ts";
import type { SessionCloseOutcome } from "../ports.ts";
import { campaignStatusOnce } from "./campaign-status-once.ts";
import { type CwmpHttpResponse, endOfSession } from "./cwmp-http.ts";
import { type Exchange, exchangeChanges, leaving, withDevice } from "./exchange.ts";
import { nextProfileRpc } from "./provisioning/next-profile-rpc.ts";
import { provisioningFingerprint } from "./provisioning/provisioning-fingerprint.ts";
import { runnableTask } from "./runnable-task.ts";
import { sendRpc } from "./send-rpc.ts";
import { sendTask } from "./send-task.ts";
import type { SessionDeps } from "./session-deps.ts";

/**
 * How many times one exchange looks at the queue before it ends the session: a look whose close
 * finds the queue changed (a task queued meanwhile) looks again at the new entries; the last
 * close is unconditional, so a queue changing without end cannot hold the session open.
 */
const maxQueueLooks = 3;

/**
 * The ACS has the floor (TR-069 3.7.2): first what provisioning profiles need, then the RPC of
 * the oldest runnable task, else end the session with 204. Tasks already tried in this session
 * wait for the next one (at most one send per session); finished or expired ones leave the
 * queue on the way, written with the session. A campaign's status is read once per exchange.
 *
 * The close is conditional on the queue being what this exchange saw: the connection-request
 * sender skips a device in session (plan-connection-request.ts) because the session will see a
 * task queued meanwhile, and a task queued after the read would otherwise wait for the next
 * Inform. A refused close hands back the queue, so looking again costs no read.
 */
export async function nextRpc(
  deps: SessionDeps,
  session: SessionState,
  exchange: Exchange,
): Promise<CwmpHttpResponse> {
  if (session.exchanges >= deps.maxExchanges) {
    deps.logger.warn("session ended at the exchange limit", { deviceId: session.deviceId });
    await closeSession(deps, session, exchange);
    return endOfSession;
  }
  const profiles = await profileTurn(deps, session, exchange);
  if (profiles.sent) return profiles.sent;
  let current = profiles.exchange;
  const floor = profiles.session;
  const campaignStatus = campaignStatusOnce(deps.campaignProgress);
  let queued = [...new Set([...current.device.taskQueue, ...profiles.newTaskIds])];
  const looked = new Set<string>();
  for (let look = 1; ; look += 1) {
    for (const taskId of queued) {
      if (looked.has(taskId) || current.dequeue.includes(taskId)) continue;
      looked.add(taskId);
      if (session.attemptedTaskIds.includes(taskId)) continue;
      const found = await runnableTask(deps, session, taskId, deps.clock.now(), campaignStatus);
      if (found.leaves) current = leaving(current, [taskId]);
      if (!found.task) continue;
      const sent = await sendTask(deps, floor, found.task, current);
      if (sent) return sent;
    }
    const closing = await withQuiet(deps, current, profiles.quietUntil);
    const queueSeen = look < maxQueueLooks ? queued : undefined;
    const closed = await closeSession(deps, floor, closing, queueSeen);
    if (closed.kind === "closed") return endOfSession;
    deps.logger.info("queue changed during the session; looking again", {
      deviceId: session.deviceId,
      queued: closed.taskQueue.length,
    });
    queued = [...closed.taskQueue];
  }
}

/**
 * The profiles' quiet period, stored with the close (on the lease item, no extra request): the
 * next periodic Inform inside it, with nothing queued, ends without reading the device record.
 */
async function withQuiet(
  deps: SessionDeps,
  exchange: Exchange,
  until: number | undefined,
): Promise<Exchange> {
  if (!deps.provisioning || until === undefined) return exchange;
  const fingerprint = await provisioningFingerprint(deps.provisioning, deps.taskSecrets?.sealer);
  return withDevice(exchange, { ...exchange.device, provisioningQuiet: { until, fingerprint } });
}

interface ProfileTurnResult {
  readonly session: SessionState;
  readonly exchange: Exchange;
  readonly newTaskIds: readonly string[];
  readonly sent?: CwmpHttpResponse;
  /** See ProfileTurn.quietUntil; undefined with provisioning off. */
  readonly quietUntil?: number;
}

/** The profiles' turn: their next RPC (sent), or the device as they left it and their new tasks. */
async function profileTurn(
  deps: SessionDeps,
  session: SessionState,
  exchange: Exchange,
): Promise<ProfileTurnResult> {
  if (!deps.provisioning) return { session, exchange, newTaskIds: [] };
  const provisioning = deps.provisioning;
  const turn = await nextProfileRpc({ ...deps, provisioning }, session, exchange.device);
  const floor: SessionState = { ...session, settledProfiles: turn.settled };
  const current = withDevice(exchange, turn.device);
  if (!turn.step) {
    const { newTaskIds, quietUntil } = turn;
    // A one-shot task just queued is work the quiet period must not hide.
    return {
      session: floor,
      exchange: current,
      newTaskIds,
      quietUntil: newTaskIds.length ? 0 : quietUntil,
    };
  }
  const inflight = {
    serves: "profile" as const,
    profile: turn.step.profile,
    purpose: turn.step.rpc.purpose,
    method: turn.step.rpc.rpc.method,
    sentAt: deps.clock.now(),
  };
  const counted = { ...floor, profileRpcs: (floor.profileRpcs ?? 0) + 1 };
  const sent = await sendRpc(deps, counted, inflight, turn.step.rpc.rpc, current);
  return { session: floor, exchange: current, newTaskIds: [], sent };
}

/**
 * Ends the session (one write, with the exchange's changes) before the 204 (TR-069 3.7.2.4);
 * with `queueSeen`, only if the queue is still that (DeviceStore.closeSession).
 */
async function closeSession(
  deps: SessionDeps,
  session: SessionState,
  exchange: Exchange,
  queueSeen?: readonly string[],
): Promise<SessionCloseOutcome> {
  const outcome = await deps.devices.closeSession(
    session,
    exchangeChanges(exchange),
    deps.clock.now(),
    queueSeen === undefined ? {} : { queueSeen },
  );
  if (outcome.kind === "closed")
    deps.logger.info("session closed", {
      deviceId: session.deviceId,
      exchanges: session.exchanges,
    });
  return outcome;
}
