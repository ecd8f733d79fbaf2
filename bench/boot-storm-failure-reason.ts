/**
 * Why a storm session failed, short enough to tally: the first socket error code
 * (ECONNRESET, ETIMEDOUT, ...) down the `cause` chain, else the outermost error's name
 * (e.g. SessionTimeoutError: the simulator's whole-session bound), else "unknown".
 */
export function bootStormFailureReason(error: unknown): string {
  for (let at: unknown = error, depth = 0; at instanceof Error && depth < 8; depth += 1) {
    const code = (at as { code?: unknown }).code;
    if (typeof code === "string") return code;
    at = at.cause;
  }
  return error instanceof Error ? error.name : "unknown";
}
