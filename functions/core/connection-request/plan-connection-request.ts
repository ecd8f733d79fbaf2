import type { DeviceRecord } from "../model/device.ts";
import { isLive } from "../session/lease.ts";
import type { CrMethod } from "./cr-methods.ts";

export type SkipReason = "in-session" | "recently-woken" | "served";

export type CrPlan =
  | { readonly kind: "expired"; readonly notAfter: number }
  | { readonly kind: "skip"; readonly reason: SkipReason }
  /**
   * In session with work queued: that session should take it (the close checks the queue), but
   * one can end without looking (the exchange limit): look again once its lease has run out.
   */
  | { readonly kind: "recheck"; readonly delaySeconds: number }
  /** The methods to try, in order; the first that wakes the CPE ends the request. */
  | { readonly kind: "send"; readonly methods: readonly CrMethod[] };

/**
 * Whether a wake-up is worth sending. A device in a session already (its lease is live) will
 * see its pending work in that session (a close checks the queue it saw, next-rpc.ts); with
 * work queued the message is looked at again once the lease has run out, and then dropped if a
 * session since the request left nothing queued. One woken moments ago is on its way (TR-069 3.2.2: the
 * CPE answers, then opens the session), so a second request would only be refused or ignored;
 * once a session has ended since that request, a new one is sent (the woken session is over).
 */
export function planConnectionRequest(input: {
  readonly device: DeviceRecord;
  /** The message's notAfter: past it the request is worthless. */
  readonly notAfter: number | undefined;
  readonly now: number;
  readonly dedupWindowMs: number;
  /** The operator's order (ACS_CR_METHODS). */
  readonly methods: readonly CrMethod[];
  /** Work waits for the device: its queue, or the message's own task. */
  readonly workQueued: boolean;
  /** How often the message has been received; past `maxRechecks` an in-session one is dropped. */
  readonly receiveCount: number;
  readonly maxRechecks: number;
  /** When the request was made (the message's requestedAt), if known. */
  readonly requestedAt: number | undefined;
}): CrPlan {
  const { device, notAfter, now } = input;
  if (notAfter !== undefined && notAfter <= now) {
    return { kind: "expired", notAfter };
  }
  const expiresAt = device.sessionExpiresAt;
  if (expiresAt !== undefined && isLive({ expiresAt }, now)) {
    if (!input.workQueued || input.receiveCount >= input.maxRechecks)
      return { kind: "skip", reason: "in-session" };
    return { kind: "recheck", delaySeconds: Math.ceil((expiresAt - now) / 1000) + 1 };
  }
  // Received again (a recheck, a busy retry): a session since the request left nothing queued.
  const ended = device.lastSessionEndedAt;
  const requested = input.requestedAt;
  if (
    input.receiveCount > 1 &&
    !input.workQueued &&
    ended !== undefined &&
    requested !== undefined &&
    ended >= requested
  ) {
    return { kind: "skip", reason: "served" };
  }
  const last = device.lastConnectionRequest;
  // A session that ended after the delivered request consumed it: the next one is needed.
  const consumed =
    device.lastSessionEndedAt !== undefined &&
    last !== undefined &&
    device.lastSessionEndedAt >= last.at;
  if (
    last?.outcome === "delivered" &&
    now - last.at < input.dedupWindowMs &&
    last.at <= now &&
    !consumed
  ) {
    return { kind: "skip", reason: "recently-woken" };
  }
  return { kind: "send", methods: input.methods };
}
