import { isDeepStrictEqual } from "node:util";
import type { SessionState } from "../core/model/session-state.ts";
import type { TaskRecord } from "../core/model/task.ts";
import { rpcForTask } from "../core/session/task-rpc.ts";
import { type Exchange, exchangeChanges } from "./exchange.ts";
import { carriedTask } from "./inflight-task.ts";
import { sessionTag } from "./session-tag.ts";

/**
 * A task's send can leave the session as it was loaded, one write fewer per task session: the
 * task item's own `running` write (send-task.ts) already records the send durably, and the next
 * exchange reads that task with the session (the cookie names it, session-cookie.ts), so it can
 * tell the RPC in flight from the task alone (`withUnsavedSend`). An abandoned session is no
 * different: its task is still `running` when the next session looks at it (unanswered-task.ts).
 *
 * Skipped only when the save would carry nothing else: the session loaded with no RPC in
 * flight, no queue or device changes in the exchange, no profile settled, and the task not
 * tried before in this session. The lease is not renewed, so the send also needs most of it
 * left: the reply then has at least this share of the idle timeout, as after a renewal.
 */
const minLeaseShare = 0.75;

/** Whether a lease ending at `expiresAt` leaves enough for a send that does not renew it. */
export function leaseAllowsUnsavedSend(expiresAt: number, now: number, idleTimeoutMs: number) {
  return expiresAt - now >= idleTimeoutMs * minLeaseShare;
}

/**
 * The exchanges an unsaved send leaves behind a session loaded with `exchanges`: its own POST
 * counted, then one more for the RPC, whose cwmp:ID is `acs-<that>` (send-rpc.ts).
 */
export const exchangesAfterUnsavedSend = (exchanges: number): number => exchanges + 2;

/** Whether `next` (the session with the task's RPC in flight) must be written before the send. */
export function sendNeedsSave(
  next: SessionState,
  exchange: Exchange,
  now: number,
  idleTimeoutMs: number,
): boolean {
  const ahead = exchange.readAhead;
  const inflight = next.inflight;
  if (!ahead || !inflight || inflight.serves === "profile" || inflight.taskId !== ahead.taskId)
    return true;
  const loaded = ahead.loaded;
  if (loaded.inflight !== undefined || loaded.attemptedTaskIds.includes(ahead.taskId)) return true;
  if (!leaseAllowsUnsavedSend(loaded.expiresAt, now, idleTimeoutMs)) return true;
  const changes = exchangeChanges(exchange);
  if ((changes.dequeue?.length ?? 0) > 0 || Object.keys(changes).length > 1) return true;
  const attempted = next.attemptedTaskIds.filter((id) => id !== ahead.taskId);
  return !isDeepStrictEqual(lasting({ ...next, attemptedTaskIds: attempted }), lasting(loaded));
}

/** A loaded session as the exchange goes on with it. */
export interface ContinuedSession {
  readonly session: SessionState;
  /** The task read with the session, unless the session's copy already used it. */
  readonly named?: TaskRecord;
}

/**
 * The session with the RPC of an unsaved send in flight, worked out from the task the cookie
 * named (read with the session): this session sent it last (`sent`; it may have been cancelled
 * since, and its reply is then recorded as late), and the session holds no RPC in flight.
 * Otherwise the session as loaded. When the session carries a copy of the task, the read copy
 * is spent: a later read in the exchange must see the exchange's own writes.
 */
export function withUnsavedSend(session: SessionState, named?: TaskRecord): ContinuedSession {
  const unchanged = { session, ...(named && { named }) };
  if (session.inflight !== undefined || named?.sent === undefined) return unchanged;
  if (named.deviceId !== session.deviceId || named.sent.session !== sessionTag(session.id))
    return unchanged;
  if (session.attemptedTaskIds.includes(named.id)) return unchanged;
  const carried = named.status === "running" ? carriedTask(named) : undefined;
  // The method alone: no secret is opened (the RPC was encoded at the send).
  const method = rpcForTask(named, () => "", "").method;
  const exchanges = exchangesAfterUnsavedSend(session.exchanges);
  const continued: SessionState = {
    ...session,
    phase: "awaiting-response",
    exchanges,
    attemptedTaskIds: [...session.attemptedTaskIds, named.id],
    inflight: {
      serves: "task",
      method,
      taskId: named.id,
      sentAt: named.sent.at,
      rpcId: `acs-${exchanges}`,
      ...(carried && { task: carried }),
    },
  };
  return { session: continued, ...(!carried && { named }) };
}

/** The session's fields a save would keep past this exchange (the send's own ones aside). */
function lasting(session: SessionState) {
  const { phase: _p, inflight: _i, exchanges: _e, expiresAt: _x, ...rest } = session;
  return {
    ...rest,
    settledProfiles: rest.settledProfiles ?? [],
    profileRpcs: rest.profileRpcs ?? 0,
  };
}
