export interface KeepAliveOptions {
  intervalMs: number;
  /** Resolves true when the server answered (a result or an error both prove the stream lives). */
  ping: () => Promise<boolean>;
  /** Called once when a ping went unanswered: the stream is dead even if TCP has not noticed. */
  onDead: () => void;
}

/**
 * XEP-0199 client-to-server pings, one at a time, every intervalMs while online. The traffic
 * keeps NAT bindings and server idle timers alive; an unanswered ping detects half-open TCP
 * connections that would otherwise swallow connection requests silently.
 * Returns stop(), which undoes exactly what this started.
 */
export function startKeepAlive(options: KeepAliveOptions): () => void {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const schedule = () => {
    timer = setTimeout(tick, options.intervalMs);
  };
  const tick = async () => {
    timer = undefined;
    const alive = await options.ping();
    if (stopped) return;
    if (alive) schedule();
    else {
      stopped = true;
      options.onDead();
    }
  };

  schedule();
  return () => {
    stopped = true;
    if (timer !== undefined) clearTimeout(timer);
  };
}
