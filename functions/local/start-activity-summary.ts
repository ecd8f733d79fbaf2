import type { Clock } from "../ports.ts";
import type { ActivityCounter } from "./activity-counter.ts";
import { formatActivitySummary } from "./format-activity-summary.ts";

export interface ActivitySummary {
  /** Stops the timer; what was counted since the last line is dropped. */
  stop(): void;
}

/** Every `intervalMs` (a minute), one summary line to `write` when something happened. */
export function startActivitySummary(options: {
  readonly counter: ActivityCounter;
  readonly write: (line: string) => void;
  readonly clock: Clock;
  readonly intervalMs?: number;
}): ActivitySummary {
  const timer = setInterval(() => {
    const line = formatActivitySummary(options.counter.take(), new Date(options.clock.now()));
    if (line !== undefined) options.write(line);
  }, options.intervalMs ?? 60_000);
  // The summary never keeps the process alive on its own.
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
