/**
 * The session lease: the one rule for who may hold a device's CWMP session.
 *
 * A session holds the lease until `expiresAt`, renewed to `now + idleTimeoutMs` on every
 * exchange; expiry is data compared with the clock (no TTL, no transactions), so every
 * store, the device removal and the connection-request sender use these functions.
 *
 * TR-069 3.7.1.1 and 3.2.1.1: a CPE that reboots (`1 BOOT`, `0 BOOTSTRAP`) or retries a
 * failed session (Inform RetryCount > 0) has given up its previous session. Such an Inform
 * supersedes a live lease at once; any other Inform must wait until the lease has run out,
 * that is until the old session has been idle for the idle timeout.
 */

/** Where a lease stands; the session record carries it. */
export interface Lease {
  /** Epoch ms. */
  readonly expiresAt: number;
}

/** Why a new Inform may take over a lease that is still live. */
export type SupersedeReason = "bootstrap" | "boot" | "inform-retry";

/** Why a session ended without the ACS closing it (logged and counted). */
export type AbandonReason = SupersedeReason | "idle";

/**
 * The lease end for a session that had an exchange at `now`: a session without a request
 * for `idleTimeoutMs` may be taken over by any new Inform.
 */
export function renewLease(now: number, idleTimeoutMs: number): number {
  return now + idleTimeoutMs;
}

export function isLive(lease: Lease | undefined, now: number): boolean {
  return lease !== undefined && lease.expiresAt > now;
}

/** Milliseconds until the lease runs out (0 when it has). */
export function remainingMs(lease: Lease | undefined, now: number): number {
  return lease === undefined ? 0 : Math.max(0, lease.expiresAt - now);
}

/** Whether an Inform ends any earlier session of its device, live or not (and why). */
export function supersedeReason(inform: {
  readonly events: readonly string[];
  readonly retryCount: number;
}): SupersedeReason | undefined {
  if (inform.events.includes("0 BOOTSTRAP")) return "bootstrap";
  if (inform.events.includes("1 BOOT")) return "boot";
  if (inform.retryCount > 0) return "inform-retry";
  return undefined;
}

/**
 * Why a session the store still held when a new Inform opened was left behind: the
 * Inform's own reason when the lease was still live, else the idle timeout.
 */
export function abandonReason(
  abandoned: Lease,
  supersede: SupersedeReason | undefined,
  now: number,
): AbandonReason {
  return isLive(abandoned, now) && supersede !== undefined ? supersede : "idle";
}
