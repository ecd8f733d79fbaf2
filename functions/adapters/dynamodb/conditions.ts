import type { DigestUse } from "../../core/auth/digest-use.ts";
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

/**
 * The replay rule of core/auth/digest-use.ts (isLaterDigestUse) as a condition on the device
 * item's `digestUse`: no earlier use, a nonce issued later, or the same nonce with a higher nc.
 */
export const digestUseIsLater =
  (use: DigestUse): Condition =>
  (e) => {
    const last = (field: string) => e.name(["digestUse", field]);
    return `attribute_not_exists(${e.name("digestUse")}) OR ${last("nonceIssuedAt")} < ${e.value(use.nonceIssuedAt)} OR (${last("nonce")} = ${e.value(use.nonce)} AND ${last("nc")} < ${e.value(use.nc)})`;
  };

/** The device has no credential of its own: the shared one may open its sessions. */
export const noOwnCredential: Condition = (e) => `attribute_not_exists(${e.name("ownCredential")})`;

/**
 * A session still at its first exchange (only its Inform answered) with nothing queued: what
 * the periodic Inform's idle close requires (core/session/idle-at-inform.ts). A task queued
 * since, or an exchange saved since, fails it and the session carries on as usual.
 */
export const idleSessionIs =
  (sessionId: string, now: number): Condition =>
  (e) =>
    `${e.name(["session", "id"])} = ${e.value(sessionId)} AND ${e.name(["session", "exchanges"])} = ${e.value(1)} AND ${e.name(["session", "expiresAt"])} > ${e.value(now)} AND (attribute_not_exists(${e.name("taskQueue")}) OR size(${e.name("taskQueue")}) = ${e.value(0)})`;

/** A lease item of a device that has Informed (a credential mark alone has no queue). */
export const hasQueue: Condition = (e) => `attribute_exists(${e.name("taskQueue")})`;

/** No session holds the lease item (a closed one removed it). */
export const noSession: Condition = (e) => `attribute_not_exists(${e.name("session")})`;

/** Most task ids a queue condition names one by one; a longer queue is checked by its size. */
const queueIdsNamed = 20;

/**
 * The lease item's queue holds exactly `taskIds` (DeviceStore.closeSession `queueSeen`): as many
 * entries, each of them there. A task queued since the session read the queue fails it.
 */
export const queueIs =
  (taskIds: readonly string[]): Condition =>
  (e) => {
    const queue = e.name("taskQueue");
    if (taskIds.length === 0)
      return `attribute_not_exists(${queue}) OR size(${queue}) = ${e.value(0)}`;
    const named = taskIds
      .slice(0, queueIdsNamed)
      .map((id) => `attribute_exists(${e.name(["taskQueue", id])})`);
    return [`size(${queue}) = ${e.value(taskIds.length)}`, ...named].join(" AND ");
  };
