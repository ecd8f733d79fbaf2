import type { ProfileState } from "../model/profile-state.ts";
import { assertNever } from "../session/assert-never.ts";

export function freshProfileState(generation: number, hash: string, now: number): ProfileState {
  return {
    generation,
    hash,
    status: "pending",
    updatedAt: now,
    faults: 0,
    fetched: [],
    notificationsSet: [],
    addObjectRefused: [],
    instances: {},
    secretsApplied: {},
  };
}

/** When to look at a profile again (faulting profiles back off, settled ones stay cheap). */
export interface ProfileTiming {
  /** First back-off after a fault; doubles per fault in a row. */
  readonly faultBackoffMs: number;
  readonly maxFaultBackoffMs: number;
  /** A converged or not-applicable profile is checked again after this long (drift). */
  readonly recheckMs: number;
}

export const defaultProfileTiming: ProfileTiming = {
  faultBackoffMs: 5 * 60_000,
  maxFaultBackoffMs: 24 * 3_600_000,
  recheckMs: 24 * 3_600_000,
};

/** Events after which settled profiles are checked again: the device may have changed. */
const recheckEvents = ["0 BOOTSTRAP", "1 BOOT", "4 VALUE CHANGE"];

/**
 * The state to work from in this session, or undefined when the profile
 * should be left alone now (settled and nothing suggests a change, or
 * backing off). A new generation or an edited profile starts over.
 */
export function dueState(
  state: ProfileState | undefined,
  context: {
    readonly generation: number;
    readonly hash: string;
    readonly events: readonly string[];
    readonly now: number;
    readonly timing: ProfileTiming;
  },
): ProfileState | undefined {
  const { generation, hash, now, timing } = context;
  if (!state || state.generation !== generation) return freshProfileState(generation, hash, now);
  if (state.hash !== hash) {
    // Keep what was learned of the device; forget conclusions drawn for the old profile.
    const { lastFault: _f, retryAt: _r, reason: _why, ...kept } = state;
    return { ...kept, hash, status: "pending", faults: 0, notificationsSet: [], updatedAt: now };
  }
  switch (state.status) {
    case "pending":
      return state;
    case "faulted":
      return state.retryAt !== undefined && now < state.retryAt ? undefined : state;
    case "converged":
    case "not-applicable": {
      const stale = now - state.updatedAt >= timing.recheckMs;
      const eventful = context.events.some((event) => recheckEvents.includes(event));
      if (!stale && !eventful) return undefined;
      // A firmware upgrade may have added what was missing: probe again (one RPC).
      return state.status === "not-applicable"
        ? { ...state, status: "pending", fetched: [] }
        : { ...state, status: "pending" };
    }
    default:
      return assertNever(state.status);
  }
}

/** Back-off after the n-th fault in a row: base * 2^(n-1), capped. */
export function faultBackoffMs(faults: number, timing: ProfileTiming): number {
  const exponent = Math.min(Math.max(faults - 1, 0), 30);
  return Math.min(timing.faultBackoffMs * 2 ** exponent, timing.maxFaultBackoffMs);
}

/**
 * Until when `dueState` leaves this profile alone in a session without a recheck event (a
 * periodic Inform): the recheck of a settled profile, the end of a fault back-off; 0 when it
 * is due now (new generation, edited profile, pending, or faulted without a retry time).
 */
export function quietUntil(
  state: ProfileState | undefined,
  context: { readonly generation: number; readonly hash: string; readonly timing: ProfileTiming },
): number {
  if (!state || state.generation !== context.generation || state.hash !== context.hash) return 0;
  switch (state.status) {
    case "pending":
      return 0;
    case "faulted":
      return state.retryAt ?? 0;
    case "converged":
    case "not-applicable":
      return state.updatedAt + context.timing.recheckMs;
    default:
      return assertNever(state.status);
  }
}
