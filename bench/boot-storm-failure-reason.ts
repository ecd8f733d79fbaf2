/**
 * Why a storm session failed, short enough to tally: the first socket error code down the
 * `cause` chain with the call that met it ("ECONNRESET read": a reset arrived; "ECONNRESET
 * socket hang up": the ACS closed the connection before answering, which node:http reports
 * with the same code; "ETIMEDOUT connect", "EADDRNOTAVAIL connect": out of ephemeral ports),
 * else the outermost error's name (e.g. SessionTimeoutError, the simulator's whole-session
 * bound) with its HTTP status if it has one ("AcsHttpStatusError 408"), else "unknown".
 */
export function bootStormFailureReason(error: unknown): string {
  for (let at: unknown = error, depth = 0; at instanceof Error && depth < 8; depth += 1) {
    const { code, syscall } = at as { code?: unknown; syscall?: unknown };
    if (typeof code === "string") {
      if (typeof syscall === "string") return `${code} ${syscall}`;
      return at.message === "socket hang up" ? `${code} socket hang up` : code;
    }
    at = at.cause;
  }
  if (!(error instanceof Error)) return "unknown";
  const { status } = error as { status?: unknown };
  return typeof status === "number" ? `${error.name} ${status}` : error.name;
}
