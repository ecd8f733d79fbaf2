import { deviceChangeableFields } from "../../core/model/device.ts";
import type { DeviceChanges } from "../../ports.ts";
import { type ExpressionBuilder, expressionBuilder } from "./expression-builder.ts";
import { heldProfileMemory, leaseRecordFields } from "./lease-item.ts";

const onLease: ReadonlySet<string> = new Set(leaseRecordFields);

/**
 * The lease item's part of a session's changes (lease-item.ts): each dequeued task id REMOVEd
 * from the queue map (deduplicated: paths in one update may not overlap), and the profiles'
 * quiet period. A session write that does not state the quiet period removes it: only a close
 * that worked it out again (next-rpc.ts) keeps one, so a session that ended any other way (the
 * exchange limit, a CPE starting over) never leaves a stale one behind.
 */
export function addLeaseChanges(
  update: ExpressionBuilder,
  changes: DeviceChanges,
  closing = false,
): void {
  for (const taskId of new Set(changes.dequeue ?? [])) update.remove(["taskQueue", taskId]);
  for (const field of deviceChangeableFields) {
    const value = changes[field];
    if (onLease.has(field) && value !== undefined) update.set(field, value);
  }
  // Mid-session, profile memory stays with the session (lease-item.ts heldProfileMemory).
  if (!closing && changes.provisioning !== undefined) {
    update.set(heldProfileMemory, changes.provisioning);
  }
  if (changes.provisioningQuiet === undefined) update.remove("provisioningQuiet");
}

/**
 * The device record's part (META): the changed fields that live there, or undefined if none.
 * Mid-session the profile memory is left out (the lease holds it); a close writes it.
 */
export function recordChanges(
  changes: DeviceChanges,
  closing = false,
): ExpressionBuilder | undefined {
  const update = expressionBuilder();
  let any = false;
  for (const field of deviceChangeableFields) {
    const value = changes[field];
    if (onLease.has(field) || value === undefined) continue;
    if (!closing && field === heldProfileMemory) continue;
    update.set(field, value);
    any = true;
  }
  return any ? update : undefined;
}
