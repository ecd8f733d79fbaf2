import type { TaskRecord } from "../../core/model/task.ts";
import { hasQueue } from "./conditions.ts";
import { isDeviceItem } from "./device-item.ts";
import { expressionBuilder } from "./expression-builder.ts";
import { deviceKey, leaseKey } from "./item-layout.ts";
import type { TableClient } from "./table-client.ts";

/**
 * Enqueues on the device's lease item (lease-item.ts), which has a queue once the device has
 * Informed; false when the device does not exist. A device recorded before the lease item
 * existed gets its queue there first (its next Inform moves any older entries over).
 */
export async function enqueueTask(table: TableClient, task: TaskRecord): Promise<boolean> {
  const add = () =>
    table.update(
      {
        key: leaseKey(task.deviceId),
        expression: expressionBuilder()
          .set(["taskQueue", task.id], task.createdAt)
          .condition(hasQueue),
      },
      "createTask",
    );
  if ((await add()).written) return true;
  const meta = await table.get(deviceKey(task.deviceId), "createTask");
  if (!meta || !isDeviceItem(meta)) return false;
  const queue = expressionBuilder().setIfAbsent("taskQueue", {});
  await table.update({ key: leaseKey(task.deviceId), expression: queue }, "createTask");
  return (await add()).written;
}

/** REMOVE of a missing map key is a no-op; a missing device is fine too (nothing queued). */
export async function removeFromQueue(
  table: TableClient,
  deviceId: string,
  taskIds: readonly string[],
): Promise<void> {
  for (const key of [leaseKey(deviceId), deviceKey(deviceId)]) {
    // META: the queue of a device recorded before the lease item, until its next Inform.
    const update = expressionBuilder().condition(hasQueue);
    for (const taskId of taskIds) update.remove(["taskQueue", taskId]);
    await table.update({ key, expression: update }, "dequeue");
  }
}
