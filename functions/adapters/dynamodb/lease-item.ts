import type { ProvisioningQuiet } from "../../core/model/device.ts";
import type { OpenedSession, PendingWork } from "../../ports.ts";
import { queueOrder } from "./device-item.ts";
import { deviceKey, deviceSortKey, leaseKey, leaseSortKey, taskKey } from "./item-layout.ts";
import type { Item, TableClient } from "./table-client.ts";

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

/**
 * The profile memory a session in progress keeps on the lease item (device-changes.ts): each
 * exchange of a provisioning session changes it, and one write per exchange instead of two keeps
 * a zero-touch provisioning session within its request budget. The session's close moves it to
 * META; until then (or after a session that never closed) the lease's copy is the newer one.
 */
export const heldProfileMemory = "provisioning";

/** Merges the two items into the one shape `deviceFromItem` reads. */
export function withLease(meta: Item, lease: Item | undefined): Item {
  const merged: Item = { ...meta };
  delete merged.session;
  if (!lease) return merged;
  for (const field of [...leaseRecordFields, heldProfileMemory, "session"]) {
    if (lease[field] !== undefined) merged[field] = lease[field];
  }
  return merged;
}

/** What the lease item says waits for a session: queued tasks, the profiles' quiet period. */
export function pendingWorkOf(lease: Item | undefined): PendingWork {
  const queue = lease?.taskQueue;
  const order =
    typeof queue === "object" && queue !== null
      ? queueOrder(queue as Readonly<Record<string, number>>)
      : [];
  const quiet = lease?.provisioningQuiet as Partial<ProvisioningQuiet> | undefined;
  return {
    queuedTasks: order.length,
    ...(order[0] !== undefined && { headTaskId: order[0] }),
    ...(typeof quiet?.until === "number" &&
      typeof quiet.fingerprint === "string" && {
        provisioningQuiet: { until: quiet.until, fingerprint: quiet.fingerprint },
      }),
  };
}

/**
 * Both items of a device in one request (BatchGetItem reads consistently here), and the task
 * item of `taskId` with them when given (the session's next task, read ahead).
 */
export async function readDeviceItems(
  table: TableClient,
  deviceId: string,
  operation: string,
  taskId?: string,
): Promise<{ readonly meta?: Item; readonly lease?: Item; readonly task?: Item }> {
  const task = taskId === undefined ? [] : [taskKey(taskId)];
  const items = await table.batchGet([deviceKey(deviceId), leaseKey(deviceId), ...task], operation);
  return {
    meta: items.find((item) => item.sk === deviceSortKey),
    lease: items.find((item) => item.sk === leaseSortKey),
    task: taskId === undefined ? undefined : items.find((item) => item.pk === taskKey(taskId).pk),
  };
}

/** What openSession answers when only the lease was written (the Inform's facts are recorded). */
export function unchangedInform(pending: PendingWork): OpenedSession {
  return { inform: "unchanged", previous: undefined, device: undefined, newDevice: false, pending };
}
