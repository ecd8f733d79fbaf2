import { sessionFromItem } from "./device-item.ts";
import { leaseKey } from "./item-layout.ts";
import type { Item, TableClient } from "./table-client.ts";

/**
 * When the lease that refused a write ends: from the item real DynamoDB
 * returned with the failure, else from one consistent read (dynalite).
 * Undefined when no session holds the item any more (freed in between).
 */
export async function blockingLeaseEnd(
  table: TableClient,
  deviceId: string,
  refused: { readonly current?: Item },
  operation: string,
): Promise<number | undefined> {
  const item = refused.current ?? (await table.get(leaseKey(deviceId), operation));
  return item ? sessionFromItem(item)?.expiresAt : undefined;
}
