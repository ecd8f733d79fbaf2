/** The device's pending timers, so switching it off cancels every one of them. */
export interface TimerSet {
  /** Runs `work` after `delayMs` unless cancelled or cleared first. */
  later(delayMs: number, work: () => void): NodeJS.Timeout;
  cancel(timer: NodeJS.Timeout | undefined): void;
  clear(): void;
}

export function createTimerSet(): TimerSet {
  const timers = new Set<NodeJS.Timeout>();
  return {
    later: (delayMs, work) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        work();
      }, delayMs);
      timers.add(timer);
      return timer;
    },
    cancel: (timer) => {
      if (timer === undefined) return;
      clearTimeout(timer);
      timers.delete(timer);
    },
    clear: () => {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}
