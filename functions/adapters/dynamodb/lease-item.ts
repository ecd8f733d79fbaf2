import { createHash } from "node:crypto";
import type { ProvisioningQuiet } from "../../core/model/device.ts";
import type { InformFacts } from "../../core/model/inform-facts.ts";
import type { PendingWork } from "../../ports.ts";
import type { Item } from "./table-client.ts";

/**
 * The device is two items in its partition (item-layout.ts):
 * - `META`: the record (identity, Inform parameters, profile memory, sealed secrets, ...),
 *   about 2 KB, written only when something in it changes;
 * - `LEASE`: what every session touches, under 1 KB, so each of a periodic Inform's two writes
 *   costs one write unit (DynamoDB bills an UpdateItem by the larger of the item before and
 *   after, per started KB): the session lease, the digest replay mark and the own-credential
 *   mark (both checked by the open-session write), the task queue (a session with nothing
 *   queued needs no other read), the last contact, the profiles' quiet period, a digest of the
 *   Inform's facts (META is written again only when it differs), and the fleet index keys with
 *   the summary's five attributes (so gsi2 follows the Inform without touching META).
 *
 * These record fields live on LEASE; a META item keeps older copies of the Inform-time ones
 * (written with it), and the lease's values win when both are read.
 */
export const leaseRecordFields = [
  "taskQueue",
  "lastInformAt",
  "lastEvents",
  "lastSessionEndedAt",
  "provisioningQuiet",
] as const;

/** Merges the two items into the one shape `deviceFromItem` reads. */
export function withLease(meta: Item, lease: Item | undefined): Item {
  const merged: Item = { ...meta };
  delete merged.session;
  if (!lease) return merged;
  for (const field of [...leaseRecordFields, "session"]) {
    if (lease[field] !== undefined) merged[field] = lease[field];
  }
  return merged;
}

/**
 * A digest of what META stores from an Inform (identity, the forced Inform parameters, the
 * addresses): equal digests mean the device record needs no write.
 */
export function informDigest(facts: InformFacts): string {
  const stored = [
    facts.manufacturer,
    facts.oui,
    facts.productClass,
    facts.serialNumber,
    Object.entries(facts.informParameters).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    facts.connectionRequestUrl ?? null,
    facts.connReqJabberId ?? null,
    facts.udpConnectionRequestAddress ?? null,
  ];
  return createHash("sha256").update(JSON.stringify(stored)).digest("base64url").slice(0, 22);
}

/** What the lease item says waits for a session: queued tasks, the profiles' quiet period. */
export function pendingWorkOf(lease: Item | undefined): PendingWork {
  const queue = lease?.taskQueue;
  const queuedTasks =
    typeof queue === "object" && queue !== null ? Object.keys(queue as object).length : 0;
  const quiet = lease?.provisioningQuiet as Partial<ProvisioningQuiet> | undefined;
  return {
    queuedTasks,
    ...(typeof quiet?.until === "number" &&
      typeof quiet.fingerprint === "string" && {
        provisioningQuiet: { until: quiet.until, fingerprint: quiet.fingerprint },
      }),
  };
}
