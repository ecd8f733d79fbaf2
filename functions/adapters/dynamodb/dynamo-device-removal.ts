import { isLive, remainingMs } from "../../core/session/lease.ts";
import { DeviceNotFoundError, SessionBusyError } from "../../port-errors.ts";
import { blockingLeaseEnd } from "./blocking-lease-end.ts";
import { noLiveSession } from "./conditions.ts";
import { sessionFromItem } from "./device-item.ts";
import { expressionBuilder } from "./expression-builder.ts";
import { deviceKey, devicePartitionKey, parameterSortKeyRoot } from "./item-layout.ts";
import type { Item, TableClient } from "./table-client.ts";

export interface DeviceRemovalOptions {
  readonly table: TableClient;
}

const operation = "deleteDevice";

/**
 * deleteDevice: refuses while a session holds the lease, deletes every
 * parameter item of every generation, then the device item on condition that
 * still no session is live. Parameters go first: if the process dies half way
 * the device is still listed and a retry finishes the job, whereas orphaned
 * parameters under a deleted device would reappear as the current generation
 * of a device re-registered with the same id. Tasks and idempotency keys are
 * left alone (the API cancels the tasks; TTL removes both eventually).
 */
export function createDeviceRemoval(
  options: DeviceRemovalOptions,
): (deviceId: string, now: number) => Promise<void> {
  const { table } = options;

  /** One Query page of parameter keys at a time, deleted before the next page is read. */
  async function deleteParameters(deviceId: string): Promise<void> {
    let startKey: Item | undefined;
    do {
      const query = expressionBuilder()
        .keyCondition(
          (e) =>
            `${e.name("pk")} = ${e.value(devicePartitionKey(deviceId))} AND begins_with(${e.name("sk")}, ${e.value(parameterSortKeyRoot)})`,
        )
        .project("pk", "sk");
      const page = await table.queryPage(
        { expression: query, ...(startKey && { startKey }) },
        operation,
      );
      const keys = page.items.map((item) => ({ pk: String(item.pk), sk: String(item.sk) }));
      await table.batchWrite(
        keys.map((Key) => ({ DeleteRequest: { Key } })),
        operation,
      );
      startKey = page.lastKey;
    } while (startKey);
  }

  return async function deleteDevice(deviceId, now) {
    const item = await table.get(deviceKey(deviceId), operation);
    if (!item) throw new DeviceNotFoundError(deviceId);
    const lease = sessionFromItem(item);
    if (isLive(lease, now)) throw new SessionBusyError(deviceId, remainingMs(lease, now));
    await deleteParameters(deviceId);
    const result = await table.delete(
      {
        key: deviceKey(deviceId),
        expression: expressionBuilder().condition(noLiveSession(now)),
        returnCurrentOnFailure: true,
      },
      operation,
    );
    if (result.written) {
      // The device's own CPE credential outlives it (CPECRED# items): keep the shared
      // credential out of a device re-registered under the same id.
      if (typeof item.ownCredential === "string") {
        const mark = expressionBuilder().set("ownCredential", item.ownCredential);
        await table.update({ key: deviceKey(deviceId), expression: mark }, operation);
      }
      return;
    }
    // A session started after the check: the device stays, its parameters are relearnt.
    const end = (await blockingLeaseEnd(table, deviceId, result, operation)) ?? now;
    throw new SessionBusyError(deviceId, Math.max(0, end - now));
  };
}
