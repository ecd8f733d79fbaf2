import { StoreUnavailableError } from "../../port-errors.ts";
import { translateError } from "./translate-error.ts";

export interface RetryUnprocessedOptions {
  /** Names the failing operation in errors. */
  readonly operation: string;
  /** Attempts while DynamoDB returns unprocessed entries. @default 8 */
  readonly maxAttempts?: number;
  /** First back-off; doubles per attempt, capped at 2 s, with full jitter. @default 25 */
  readonly baseDelayMs?: number;
}

/**
 * Sends a batch request and re-sends what DynamoDB left unprocessed (a
 * throttled partition), with bounded exponential back-off. `send` returns
 * the entries left over. Throws StoreUnavailableError when some are still
 * unprocessed after the last attempt.
 */
export async function retryUnprocessed<T>(
  options: RetryUnprocessedOptions,
  entries: readonly T[],
  send: (pending: readonly T[]) => Promise<readonly T[]>,
): Promise<void> {
  const { operation } = options;
  const maxAttempts = options.maxAttempts ?? 8;
  const baseDelayMs = options.baseDelayMs ?? 25;
  let pending = entries;
  for (let attempt = 1; ; attempt++) {
    let unprocessed: readonly T[];
    try {
      unprocessed = await send(pending);
    } catch (error) {
      throw translateError(error, operation);
    }
    if (unprocessed.length === 0) return;
    if (attempt >= maxAttempts) {
      throw new StoreUnavailableError(
        `DynamoDB left ${unprocessed.length} entries unprocessed during ${operation} after ${attempt} attempts`,
      );
    }
    pending = unprocessed;
    const capMs = Math.min(2_000, baseDelayMs * 2 ** (attempt - 1));
    await new Promise((resolve) => setTimeout(resolve, Math.random() * capMs));
  }
}
