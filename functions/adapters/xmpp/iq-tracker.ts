import { IqIdCollisionError } from "./errors.ts";

/** Why a pending IQ ended without a reply. */
export type IqAbortReason = "disconnected" | "send-failed" | "stopped";

export type IqSettlement<R> =
  | { kind: "reply"; reply: R }
  | { kind: "timeout" }
  | { kind: "aborted"; reason: IqAbortReason };

export interface TrackOptions<R> {
  timeoutMs: number;
  /**
   * Whether a stanza carrying this id really answers the request (e.g. comes from the
   * addressee, RFC 6120 section 8.1.2.1). A rejected stanza leaves the IQ pending.
   */
  accepts?: (reply: R) => boolean;
}

export interface TimerApi {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface IqTrackerOptions {
  /** Defaults to the global timers; injectable for tests. */
  timers?: TimerApi;
}

export interface IqTracker<R> {
  /** Register before sending, so that a fast reply cannot arrive untracked. */
  track(id: string, options: TrackOptions<R>): Promise<IqSettlement<R>>;
  /** Hand an incoming result/error IQ over; true when it settled a pending IQ. */
  resolve(id: string, reply: R): boolean;
  abort(id: string, reason: IqAbortReason): boolean;
  /** Settle every pending IQ, e.g. when the stream dropped; returns how many. */
  abortAll(reason: IqAbortReason): number;
  readonly size: number;
}

interface Pending<R> {
  settle(settlement: IqSettlement<R>): void;
  accepts: (reply: R) => boolean;
  timer: unknown;
}

const defaultTimers: TimerApi = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * Tracks IQ requests by id (RFC 6120 section 8.2.3): each pending IQ has its own timeout and is
 * removed on every path (reply, timeout, abort), so the map never leaks. Generic over the
 * stanza type so it has no XMPP library dependency and can serve any IQ (CR, ping, XEP-0133).
 */
export function createIqTracker<R>(options: IqTrackerOptions = {}): IqTracker<R> {
  const timers = options.timers ?? defaultTimers;
  const pending = new Map<string, Pending<R>>();

  function finish(id: string, settlement: IqSettlement<R>): boolean {
    const entry = pending.get(id);
    if (entry === undefined) return false;
    pending.delete(id);
    timers.clearTimeout(entry.timer);
    entry.settle(settlement);
    return true;
  }

  return {
    track(id, { timeoutMs, accepts = () => true }) {
      if (pending.has(id)) throw new IqIdCollisionError(id);
      return new Promise<IqSettlement<R>>((settle) => {
        const timer = timers.setTimeout(() => finish(id, { kind: "timeout" }), timeoutMs);
        pending.set(id, { settle, accepts, timer });
      });
    },
    resolve(id, reply) {
      const entry = pending.get(id);
      if (entry === undefined || !entry.accepts(reply)) return false;
      return finish(id, { kind: "reply", reply });
    },
    abort(id, reason) {
      return finish(id, { kind: "aborted", reason });
    },
    abortAll(reason) {
      const ids = [...pending.keys()];
      for (const id of ids) finish(id, { kind: "aborted", reason });
      return ids.length;
    },
    get size() {
      return pending.size;
    },
  };
}

/**
 * An IQ's settlement as an outcome: the reply classified by `classify`,
 * a timeout, or "session-down" when the stream went away first.
 */
export function settlementOutcome<R, T>(
  settlement: IqSettlement<R>,
  classify: (reply: R) => T,
): T | { readonly kind: "timeout" } | { readonly kind: "session-down" } {
  switch (settlement.kind) {
    case "reply":
      return classify(settlement.reply);
    case "timeout":
      return { kind: "timeout" };
    case "aborted":
      return { kind: "session-down" };
    default: {
      const unexpected: never = settlement;
      throw new Error(`unexpected settlement ${JSON.stringify(unexpected)}`);
    }
  }
}
