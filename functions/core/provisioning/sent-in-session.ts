import type { AcsMessage } from "../cwmp/acs-messages.ts";
import type { ProfileState } from "../model/profile-state.ts";
import { contentHash } from "./profile-hash.ts";
import { faultBackoffMs, type ProfileTiming } from "./profile-state.ts";

/**
 * One profile never sends the same RPC (method and arguments) twice in one
 * session: a reply that taught the planner nothing would otherwise be asked
 * for again until the per-session bound. Kept on the profile's memory (written
 * with the session save), keyed by a digest of the session id.
 */
export function alreadySent(state: ProfileState, rpc: AcsMessage, sessionId: string): boolean {
  const sent = state.sent;
  return sent?.session === sessionDigest(sessionId) && sent.rpcs.includes(rpcDigest(rpc));
}

/** The memory with `rpc` noted as sent in this session (a new session starts a new list). */
export function recordSent(state: ProfileState, rpc: AcsMessage, sessionId: string): ProfileState {
  const session = sessionDigest(sessionId);
  const earlier = state.sent?.session === session ? state.sent.rpcs : [];
  return { ...state, sent: { session, rpcs: [...earlier, rpcDigest(rpc)] } };
}

/**
 * The planner asked for an RPC this session already sent: fault the profile
 * (8002, an ACS internal error in TR-069 A.5.1 terms) and back off, as for a
 * CPE fault, so the device is looked at again later, not in a loop now.
 */
export function repeatedRpc(
  state: ProfileState,
  rpc: AcsMessage,
  context: { readonly now: number; readonly timing: ProfileTiming },
): ProfileState {
  const faults = state.faults + 1;
  return {
    ...state,
    status: "faulted",
    faults,
    lastFault: {
      code: 8002,
      string: `${rpc.method} planned twice in one session; not sent again`,
      method: rpc.method,
      at: context.now,
    },
    retryAt: context.now + faultBackoffMs(faults, context.timing),
    updatedAt: context.now,
  };
}

function sessionDigest(sessionId: string): string {
  return contentHash(sessionId).slice(0, 12);
}

function rpcDigest(rpc: AcsMessage): string {
  return contentHash(rpc).slice(0, 12);
}
