import type { Condition } from "./expression-builder.ts";

/**
 * Conditions, named (Powertools style) so the intent reads at the call site.
 * The lease rule of core/session/lease.ts (isLive) as a condition: a session
 * counts as live while `session.expiresAt > now`.
 */
export const noLiveSession =
  (now: number): Condition =>
  (e) =>
    `attribute_not_exists(${e.name("session")}) OR ${e.name(["session", "expiresAt"])} <= ${e.value(now)}`;

/** The item still holds this session (saves and closes). */
export const sessionIs =
  (sessionId: string): Condition =>
  (e) =>
    `${e.name(["session", "id"])} = ${e.value(sessionId)}`;

export const itemExists: Condition = (e) => `attribute_exists(${e.name("pk")})`;

export const itemIsNew: Condition = (e) => `attribute_not_exists(${e.name("pk")})`;
