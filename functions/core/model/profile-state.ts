/**
 * What the ACS remembers of one profile on one device, kept on the
 * device's registry entry and written with the session (no extra request).
 * Everything here belongs to one parameter generation: a BOOTSTRAP starts over.
 * A model type because the device record carries it; the policy over it (fresh,
 * due, back-off) is in core/provisioning/profile-state.ts.
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
