export interface BackoffOptions {
  /** 0 for the first retry after a failure or a drop. */
  attempt: number;
  initialDelayMs: number;
  maxDelayMs: number;
  /** Uniform in [0, 1); injectable so tests are deterministic. */
  random: () => number;
}

/** Beyond this, 2^attempt only matters through the cap; also keeps the power finite. */
const MAX_EXPONENT = 30;

/**
 * Exponential back-off with "full jitter": a uniform delay in [0, min(max, initial * 2^attempt)).
 * Full jitter spreads many ACS instances reconnecting after a server restart, instead of
 * having them return in synchronised waves.
 */
export function computeBackoffDelay(options: BackoffOptions): number {
  const { attempt, initialDelayMs, maxDelayMs, random } = options;
  const exponent = Math.min(Math.max(0, Math.floor(attempt)), MAX_EXPONENT);
  const ceiling = Math.min(maxDelayMs, initialDelayMs * 2 ** exponent);
  const r = random();
  const unit = Number.isFinite(r) ? Math.min(Math.max(r, 0), 1) : 0;
  return Math.floor(unit * ceiling);
}
