/** What one timed phase measured. */
export interface WindowResult {
  /** Operations started (at most `count`; fewer when the deadline cut the phase short). */
  readonly started: number;
  readonly failures: number;
  readonly firstFailure?: string;
  readonly elapsedMs: number;
  /** Per successful operation, ms. */
  readonly latenciesMs: number[];
  /** CPU time of this process during the phase, µs. */
  readonly cpuUs: number;
}

/**
 * Runs `operation(0..count-1)` with at most `concurrency` in flight (a fixed window: a new one
 * starts as soon as one ends), starting none after `deadline` (performance.now() time).
 * `operation` resolves to ok or throws; its latency is measured here, around the call.
 */
export async function runWindow(options: {
  readonly count: number;
  readonly concurrency: number;
  readonly deadline: number;
  readonly operation: (index: number) => Promise<void>;
  /** Called as each operation ends (live progress). */
  readonly onDone?: (ok: boolean) => void;
}): Promise<WindowResult> {
  const latenciesMs: number[] = [];
  let next = 0;
  let failures = 0;
  let firstFailure: string | undefined;
  const worker = async () => {
    while (next < options.count && performance.now() < options.deadline) {
      const index = next;
      next += 1;
      const begun = performance.now();
      try {
        await options.operation(index);
        latenciesMs.push(performance.now() - begun);
        options.onDone?.(true);
      } catch (error) {
        failures += 1;
        firstFailure ??= error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        options.onDone?.(false);
      }
    }
  };
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  const elapsedMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  return {
    started: next,
    failures,
    ...(firstFailure !== undefined && { firstFailure }),
    elapsedMs,
    latenciesMs,
    cpuUs: cpu.user + cpu.system,
  };
}
