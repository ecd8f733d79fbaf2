import { isLive, remainingMs } from "../../core/session/lease.ts";
import { DeviceNotFoundError, SessionBusyError } from "../../port-errors.ts";
import { blockingLeaseEnd } from "./blocking-lease-end.ts";
import { noLiveSession } from "./conditions.ts";
import { isDeviceItem, sessionFromItem } from "./device-item.ts";
import { expressionBuilder } from "./expression-builder.ts";
import {
  deviceKey,
  devicePartitionKey,
  deviceSortKey,
  leaseKey,
  leaseSortKey,
  parameterSortKeyRoot,
} from "./item-layout.ts";
import type { Item, TableClient } from "./table-client.ts";

export interface DeviceRemovalOptions {
  readonly table: TableClient;
}

const operation = "deleteDevice";

/**
 * deleteDevice: refuses while a session holds the lease, deletes every
 * parameter item of every generation, then the lease item on condition that
 * still no session is live, then the device item. Parameters go first: if the process dies half way
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
    const items = await table.batchGet([deviceKey(deviceId), leaseKey(deviceId)], operation);
    const meta = items.find((item) => item.sk === deviceSortKey);
    const lease = items.find((item) => item.sk === leaseSortKey);
    if (!meta || !isDeviceItem(meta)) throw new DeviceNotFoundError(deviceId);
    const held = lease && sessionFromItem(lease);
    if (isLive(held, now)) throw new SessionBusyError(deviceId, remainingMs(held, now));
    await deleteParameters(deviceId);
    // The lease item decides (sessions take it): deleted only while still no session is live.
    const result = await table.delete(
      {
        key: leaseKey(deviceId),
        expression: expressionBuilder().condition(noLiveSession(now)),
        returnCurrentOnFailure: true,
      },
      operation,
    );
    if (!result.written) {
      // A session started after the check: the device stays, its parameters are relearnt.
      const end = (await blockingLeaseEnd(table, deviceId, result, operation)) ?? now;
      throw new SessionBusyError(deviceId, Math.max(0, end - now));
    }
    await table.delete({ key: deviceKey(deviceId) }, operation);
    // The device's own CPE credential outlives it (CPECRED# items): keep the shared
    // credential out of a device re-registered under the same id.
    const ownCredential = lease?.ownCredential ?? meta.ownCredential;
    if (typeof ownCredential === "string") {
      const mark = expressionBuilder().set("ownCredential", ownCredential);
      await table.update({ key: leaseKey(deviceId), expression: mark }, operation);
    }
  };
}
