import type { ApiDeps } from "./api-deps.ts";

/**
 * Polls `check` until it returns a value or `seconds` pass. Bounded by the
 * caller's validated wait (at most ApiLimits.maxWaitSeconds).
 */
export async function waitFor<T>(
  deps: Pick<ApiDeps, "clock" | "sleep" | "limits">,
  seconds: number,
  check: () => Promise<T | undefined>,
): Promise<T | undefined> {
  const deadline = deps.clock.now() + seconds * 1000;
  for (;;) {
    const found = await check();
    if (found !== undefined) return found;
    if (deps.clock.now() >= deadline) return undefined;
    await deps.sleep(
      Math.min(deps.limits.pollIntervalMs, Math.max(1, deadline - deps.clock.now())),
    );
  }
}
