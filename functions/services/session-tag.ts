import { createHash } from "node:crypto";

/**
 * Names the session that sent a task, on the task item: a hash of the session id, which is the
 * cookie's secret half and stays on the lease item alone. 96 bits: no two sessions meet.
 */
export function sessionTag(sessionId: string): string {
  return createHash("sha256").update(sessionId).digest("base64url").slice(0, 16);
}
