import { deviceChangeableFields } from "../../core/model/device.ts";
import type { DeviceChanges } from "../../ports.ts";
import { type ExpressionBuilder, expressionBuilder } from "./expression-builder.ts";
import { leaseRecordFields } from "./lease-item.ts";

const onLease: ReadonlySet<string> = new Set(leaseRecordFields);

/**
 * The lease item's part of a session's changes (lease-item.ts): each dequeued task id REMOVEd
 * from the queue map (deduplicated: paths in one update may not overlap), and the profiles'
 * quiet period (a session that found work states one that is already over).
 */
export function addLeaseChanges(update: ExpressionBuilder, changes: DeviceChanges): void {
  for (const taskId of new Set(changes.dequeue ?? [])) update.remove(["taskQueue", taskId]);
  for (const field of deviceChangeableFields) {
    const value = changes[field];
    if (onLease.has(field) && value !== undefined) update.set(field, value);
  }
}

/** The device record's part (META): the changed fields that live there, or undefined if none. */
export function recordChanges(changes: DeviceChanges): ExpressionBuilder | undefined {
  const update = expressionBuilder();
  let any = false;
  for (const field of deviceChangeableFields) {
    const value = changes[field];
    if (onLease.has(field) || value === undefined) continue;
    update.set(field, value);
    any = true;
  }
  return any ? update : undefined;
}
