/** How late this process's event loop runs now; stop() ends the sampling. */
export interface EventLoopLag {
  /** Milliseconds: the last sample's lateness, or the wait for the overdue one if longer. */
  currentMs(): number;
  stop(): void;
}

/**
 * Samples the event loop's lateness with an unref'd timer every `intervalMs`. A process whose
 * CPU is spent shows it here first: its sockets wait in the kernel's accept queue, where no
 * count of requests or sessions can see them.
 */
export function startEventLoopLag(options: {
  readonly intervalMs: number;
  readonly now?: () => number;
}): EventLoopLag {
  const now = options.now ?? (() => performance.now());
  let lastTickMs = now();
  let lastLagMs = 0;
  const timer = setInterval(() => {
    const at = now();
    lastLagMs = Math.max(0, at - lastTickMs - options.intervalMs);
    lastTickMs = at;
  }, options.intervalMs);
  timer.unref();
  return {
    currentMs: () => Math.max(lastLagMs, now() - lastTickMs - options.intervalMs),
    stop: () => clearInterval(timer),
  };
}
