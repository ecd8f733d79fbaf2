import type { DeviceRecord } from "../model/device.ts";
import { isLive } from "../session/lease.ts";
import type { CrMethod } from "./cr-methods.ts";

export type SkipReason = "in-session" | "recently-woken";

export type CrPlan =
  | { readonly kind: "expired"; readonly notAfter: number }
  | { readonly kind: "skip"; readonly reason: SkipReason }
  /** The methods to try, in order; the first that wakes the CPE ends the request. */
  | { readonly kind: "send"; readonly methods: readonly CrMethod[] };

/**
 * Whether a wake-up is worth sending. A device in a session already (its lease is live) will
 * see its pending work in that session; one woken moments ago is on its way (TR-069 3.2.2: the
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
}): CrPlan {
  const { device, notAfter, now } = input;
  if (notAfter !== undefined && notAfter <= now) {
    return { kind: "expired", notAfter };
  }
  const lease =
    device.sessionExpiresAt === undefined ? undefined : { expiresAt: device.sessionExpiresAt };
  if (isLive(lease, now)) {
    return { kind: "skip", reason: "in-session" };
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
