import type { AcsMessage } from "../core/cwmp/acs-messages.ts";
import type { InflightRpc, SessionState } from "../core/model/session-state.ts";
import { renewLease } from "../core/session/lease.ts";
import type { CwmpHttpResponse } from "./cwmp-http.ts";
import { envelopeResponse } from "./envelope-response.ts";
import { type Exchange, exchangeChanges } from "./exchange.ts";
import type { SessionDeps } from "./session-deps.ts";
import { sendNeedsSave } from "./unsaved-send.ts";

/** An in-flight record before its cwmp:ID is assigned (kept per member of the union). */
export type UnsentRpc = InflightRpc extends infer T
  ? T extends unknown
    ? Omit<T, "rpcId">
    : never
  : never;

/**
 * Saves the session with the RPC in flight (and the exchange's changes), then sends it; a task's
 * send that would save nothing else leaves the session unsaved (unsaved-send.ts).
 */
export async function sendRpc(
  deps: SessionDeps,
  session: SessionState,
  inflight: UnsentRpc,
  rpc: AcsMessage,
  exchange: Exchange,
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
  if (sendNeedsSave(next, exchange, now, deps.sessionIdleTimeoutMs))
    await deps.devices.saveSession(next, exchangeChanges(exchange));
  return envelopeResponse(deps, session.cwmpNamespace, rpcId, rpc);
}
