import { assertNever } from "../session/assert-never.ts";

/**
 * What the ACS remembers of one profile on one device (issue 6), kept on the
 * device's registry entry and written with the session (no extra request).
 * Everything here belongs to one parameter generation: a BOOTSTRAP starts over.
 */
export interface ProfileState {
  /** The parameter generation this memory belongs to. */
  readonly generation: number;
  /** profileHash() of the profile this memory was built for: an edited profile starts over. */
  readonly hash: string;
  readonly status: ProfileStatus;
  readonly updatedAt: number;
  readonly convergedAt?: number;
  /** Why the profile does not apply (a required path is missing, a precondition value differs). */
  readonly reason?: string;
  /** Faults in a row; reset on convergence. */
  readonly faults: number;
  readonly lastFault?: ProfileFault;
  /** A faulting profile waits until then (exponential back-off). */
  readonly retryAt?: number;
  /** Paths (names or tables) fetched in this generation, so an empty table counts as known. */
  readonly fetched: readonly string[];
  /** Notification attributes already set ("name=level"). */
  readonly notificationsSet: readonly string[];
  /** Tables whose AddObject the CPE refused (a fault): use an existing instance. */
  readonly addObjectRefused: readonly string[];
  /** Objects GetParameterNames listed whole in this generation: their shape is known. */
  readonly listed?: readonly string[];
  /** The instance this profile created or chose per table ("Device.XMPP.Connection.3."). */
  readonly instances: Readonly<Record<string, string>>;
  /** Secret values this profile set successfully: name -> fingerprint of the value. */
  readonly secretsApplied: Readonly<Record<string, string>>;
  /** Digest of the one-shot tasks queued (contentHash): edited tasks are queued anew. */
  readonly tasksQueued?: string;
  /** The variant of the data model the profile converged on (absent: nothing optional). */
  readonly shape?: ModelShape;
  /** The RPCs sent in the current session, so none is ever sent twice in one session. */
  readonly sent?: SentInSession;
}

/** Which optional parts of a profile the device's model has (older models lack some). */
export interface ModelShape {
  /** Optional tables the model has and the profile configured. */
  readonly present: readonly string[];
  /** Optional tables the model lacks: skipped. */
  readonly absent: readonly string[];
  /** Tables with fixed instances (no AddObject): the first instance was configured. */
  readonly fixed: readonly string[];
}

export interface SentInSession {
  /** A digest of the session id (never the id itself: it is the cookie's secret). */
  readonly session: string;
  /** Digests of the RPCs sent (method and arguments). */
  readonly rpcs: readonly string[];
}

/**
 * pending: converging (or not yet evaluated); converged: the device holds the
 * desired state; faulted: backing off after a fault; not-applicable: the
 * device's model lacks what the profile needs.
 */
export type ProfileStatus = "pending" | "converged" | "faulted" | "not-applicable";

export interface ProfileFault {
  readonly code: number;
  readonly string: string;
  readonly method: string;
  readonly at: number;
}

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

/** When to look at a profile again (issue 6: faulting profiles back off, settled ones stay cheap). */
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
