/** TR-069 3.2.1.1 session retry policy: m (seconds) and k (per mille) from ManagementServer. */
export interface RetryPolicy {
  /** CWMPRetryMinimumWaitInterval. @default 5 */
  readonly minWaitSec: number;
  /** CWMPRetryIntervalMultiplier. @default 2000 */
  readonly multiplier: number;
}

/**
 * Wait before retry number `retryCount` (1 after the first failure): uniformly random
 * between m*(k/1000)^(n-1) and m*(k/1000)^n seconds, n capped at 10 (TR-069 Table 3).
 */
export function retryDelayMs(
  policy: RetryPolicy,
  retryCount: number,
  random: () => number,
): number {
  const n = Math.min(Math.max(retryCount, 1), 10);
  const factor = policy.multiplier / 1000;
  const low = policy.minWaitSec * factor ** (n - 1);
  const high = policy.minWaitSec * factor ** n;
  return Math.round((low + (high - low) * random()) * 1000);
}
