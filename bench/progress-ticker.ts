/**
 * Live progress of a long benchmark phase: about once a second, one compact line with how many
 * operations are done out of how many, and the rate so far; a last line when the phase ends.
 */

/** Where progress text goes. */
export interface ProgressSink {
  /** A line that stays. */
  line(text: string): void;
  /** A line the next status or line may replace (on a terminal it is rewritten in place). */
  status(text: string): void;
}

/**
 * stderr as a sink. On a terminal a status is rewritten in place with \r (one live line per
 * phase); otherwise (a log file, CI) every status is its own plain line, which is why the
 * ticker prints at most one a second.
 */
export function stderrProgressSink(stream: NodeJS.WriteStream = process.stderr): ProgressSink {
  if (!stream.isTTY) {
    return {
      line: (text) => stream.write(`${text}\n`),
      status: (text) => stream.write(`${text}\n`),
    };
  }
  return {
    line: (text) => stream.write(`\r\x1b[2K${text}\n`),
    status: (text) => stream.write(`\r\x1b[2K${text}`),
  };
}

/** Progress lines through a plain line writer (e.g. a bench's `progress` option). */
export const lineProgressSink = (write: (text: string) => void): ProgressSink => ({
  line: write,
  status: write,
});

export interface ProgressTicker {
  /** One operation ended (ok = false counts it as failed). */
  tick(ok?: boolean): void;
  /** Stops the timer and prints the phase's last line. */
  stop(): void;
}

export interface ProgressTickerOptions {
  /** What runs, e.g. "sessions, BOOTSTRAP (new device)". */
  readonly label: string;
  readonly total: number;
  /** What is counted, plural: "sessions", "CRs". */
  readonly unit: string;
  readonly sink: ProgressSink;
  /** @default 1000 */
  readonly intervalMs?: number;
}

export function startProgressTicker(options: ProgressTickerOptions): ProgressTicker {
  const started = performance.now();
  const counts = { done: 0, failed: 0, lastAt: started };
  const line = (until: number) =>
    formatProgress({ ...options, ...counts, elapsedMs: until - started });
  const timer = setInterval(
    () => options.sink.status(line(performance.now())),
    options.intervalMs ?? 1000,
  );
  // A forgotten stop() must not keep the bench process alive.
  timer.unref();
  return {
    tick(ok = true) {
      counts.done += 1;
      if (!ok) counts.failed += 1;
      counts.lastAt = performance.now();
    },
    stop() {
      clearInterval(timer);
      // The rate up to the last operation: shutting a phase down (e.g. stopping the poller)
      // is not part of it.
      options.sink.line(line(counts.done > 0 ? counts.lastAt : performance.now()));
    },
  };
}

/** "label: 812/2000 sessions, 131.4 sessions/s (3 failed)". */
export function formatProgress(state: {
  readonly label: string;
  readonly total: number;
  readonly unit: string;
  readonly done: number;
  readonly failed: number;
  readonly elapsedMs: number;
}): string {
  const rate = state.elapsedMs > 0 ? state.done / (state.elapsedMs / 1000) : 0;
  const failed = state.failed > 0 ? ` (${state.failed} failed)` : "";
  return `${state.label}: ${state.done}/${state.total} ${state.unit}, ${rate.toFixed(1)} ${state.unit}/s${failed}`;
}

/** Runs `work` with a ticker it can tick, and stops the ticker however `work` ends. */
export async function withProgress<T>(
  options: ProgressTickerOptions,
  work: (tick: (ok: boolean) => void) => Promise<T>,
): Promise<T> {
  const ticker = startProgressTicker(options);
  try {
    return await work((ok) => ticker.tick(ok));
  } finally {
    ticker.stop();
  }
}
