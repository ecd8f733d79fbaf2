import type { AcsMessage } from "../cwmp/acs-messages.ts";
import type { ProfileState } from "../model/profile-state.ts";
import { contentHash, maskSecretDigest, type SecretDigest } from "./profile-hash.ts";
import { faultBackoffMs, type ProfileTiming } from "./profile-state.ts";

/**
 * One profile never sends the same RPC (method and arguments) twice in one
 * session: a reply that taught the planner nothing would otherwise be asked
 * for again until the per-session bound. Kept on the profile's memory (written
 * with the session save), keyed by a digest of the session id. Values set enter the digest
 * through `secretDigest` (a keyed fingerprint), as they may be secrets; the digests are compared
 * within one session only, where the key does not change.
 */
export function alreadySent(
  state: ProfileState,
  rpc: AcsMessage,
  sessionId: string,
  secretDigest: SecretDigest = maskSecretDigest,
): boolean {
  const sent = state.sent;
  return (
    sent?.session === sessionDigest(sessionId) && sent.rpcs.includes(rpcDigest(rpc, secretDigest))
  );
}

/** The memory with `rpc` noted as sent in this session (a new session starts a new list). */
export function recordSent(
  state: ProfileState,
  rpc: AcsMessage,
  sessionId: string,
  secretDigest: SecretDigest = maskSecretDigest,
): ProfileState {
  const session = sessionDigest(sessionId);
  const earlier = state.sent?.session === session ? state.sent.rpcs : [];
  return { ...state, sent: { session, rpcs: [...earlier, rpcDigest(rpc, secretDigest)] } };
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

/**
 * Every value SetParameterValues sets enters as `secretDigest` gives it: the RPC no longer says
 * which values were secrets (a profile may mark any value `secret`).
 */
function rpcDigest(rpc: AcsMessage, secretDigest: SecretDigest): string {
  const hidden =
    rpc.method === "SetParameterValues"
      ? {
          ...rpc,
          parameterList: rpc.parameterList.map((p) => ({
            ...p,
            value: secretDigest(p.value, p.name),
          })),
        }
      : rpc;
  return contentHash(hidden).slice(0, 12);
}
