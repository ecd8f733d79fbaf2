import type { Clock } from "../../ports.ts";
import type { ReceivedMessage } from "./sqs-message-actions.ts";

export interface InFlightMessages {
  readonly size: number;
  /** Clock time a message was last settled (a saturated poller does not receive meanwhile). */
  readonly lastSettledAt: number | undefined;
  /** Tracks the work on one message by its receipt handle until that work settles. */
  track(message: ReceivedMessage, work: Promise<void>): void;
  /** Resolves when a tracked message settles or `wake` is called, whichever comes first. */
  slotFreed(): Promise<void>;
  /** Releases a `slotFreed` waiter without a message settling (used when stopping). */
  wake(): void;
  /** Resolves once nothing is in flight, including work tracked while waiting. */
  allSettled(): Promise<void>;
}

/**
 * The messages being handled, each removed on every path (the work passed in never rejects,
 * and removal runs in `finally` regardless). One waiter at a time: the poll loop.
 */
export function createInFlightMessages(options: { readonly clock: Clock }): InFlightMessages {
  const work = new Map<string, Promise<void>>();
  let lastSettledAt: number | undefined;
  let waiter: (() => void) | undefined;
  const wake = (): void => {
    waiter?.();
    waiter = undefined;
  };

  return {
    get size() {
      return work.size;
    },
    get lastSettledAt() {
      return lastSettledAt;
    },
    track(message, promise) {
      const key = message.receiptHandle;
      work.set(
        key,
        promise.finally(() => {
          lastSettledAt = options.clock.now();
          work.delete(key);
          wake();
        }),
      );
    },
    slotFreed() {
      return new Promise<void>((resolve) => {
        waiter = resolve;
      });
    },
    wake,
    async allSettled() {
      while (work.size > 0) await Promise.all(work.values());
    },
  };
}
