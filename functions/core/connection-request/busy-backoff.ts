/** How long a busy CPE (HTTP 503) is left alone, and for how many attempts. */
export interface BusyBackoffSettings {
  /** Give up (record failed) once a message has been received this many times. */
  readonly maxAttempts: number;
  readonly baseSeconds: number;
  readonly maxSeconds: number;
}

export type BusyDecision =
  | { readonly kind: "retry"; readonly delaySeconds: number }
  | { readonly kind: "give-up"; readonly why: string };

/** SQS's ceiling for a message's visibility timeout (12 hours). */
const MAX_VISIBILITY_SECONDS = 43_200;

/**
 * The retry delay after a 503: exponential in the receive count with "equal jitter" (half fixed,
 * half random, so a fleet of busy CPEs does not come back in step), never earlier than the
 * CPE's Retry-After (RFC 9110 10.2.3). Bounded by attempts and by the message's notAfter.
 */
export function decideBusyRetry(input: {
  readonly receiveCount: number;
  readonly retryAfterSeconds: number | undefined;
  readonly notAfter: number | undefined;
  readonly now: number;
  readonly settings: BusyBackoffSettings;
  /** Uniform in [0, 1). */
  readonly random: () => number;
}): BusyDecision {
  const { settings, receiveCount } = input;
  if (receiveCount >= settings.maxAttempts) {
    return { kind: "give-up", why: `still busy after ${receiveCount} attempts` };
  }
  const exponent = Math.max(0, receiveCount - 1);
  const ceiling = Math.min(settings.maxSeconds, settings.baseSeconds * 2 ** exponent);
  const jittered = ceiling / 2 + (input.random() * ceiling) / 2;
  const delaySeconds = Math.min(
    MAX_VISIBILITY_SECONDS,
    Math.ceil(Math.max(input.retryAfterSeconds ?? 0, jittered)),
  );
  if (input.notAfter !== undefined && input.now + delaySeconds * 1000 > input.notAfter) {
    return { kind: "give-up", why: `busy; a retry in ${delaySeconds}s would be past notAfter` };
  }
  return { kind: "retry", delaySeconds };
}
