import { deviceChangeableFields } from "../../core/model/device.ts";
import type { DeviceChanges } from "../../ports.ts";
import type { ExpressionBuilder } from "./expression-builder.ts";

/**
 * Adds the writes of DeviceChanges to an update: each changed field is SET,
 * each dequeued task id REMOVEd from the queue map (deduplicated: paths in
 * one update may not overlap).
 */
export function addDeviceChanges(update: ExpressionBuilder, changes: DeviceChanges): void {
  for (const taskId of new Set(changes.dequeue ?? [])) update.remove(["taskQueue", taskId]);
  for (const field of deviceChangeableFields) {
    const value = changes[field];
    if (value !== undefined) update.set(field, value);
  }
}
