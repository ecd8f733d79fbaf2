import type { ApiDeps } from "../api-deps.ts";

/** How long a queued connection request stays worth sending. */
const crLifetimeMs = 5 * 60_000;

/**
 * Puts a CR on the sender's queue. A queue failure does not undo the task
 * it was for (the task still runs at the next Inform): it is reported.
 */
export async function queueConnectionRequest(
  deps: ApiDeps,
  deviceId: string,
  reason: string,
): Promise<{ queued: boolean; requestedAt: string; error?: string }> {
  const now = deps.clock.now();
  const requestedAt = new Date(now).toISOString();
  try {
    await deps.connectionRequests.send({
      deviceId,
      reason,
      requestedAt,
      notAfter: new Date(now + crLifetimeMs).toISOString(),
    });
    return { queued: true, requestedAt };
  } catch (error) {
    deps.logger.error("could not queue connection request", { deviceId, error: String(error) });
    return { queued: false, requestedAt, error: "the connection-request queue is unavailable" };
  }
}
