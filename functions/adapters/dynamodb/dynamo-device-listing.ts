import type { DeviceRecord } from "../../core/model/device.ts";
import type { DevicePage, DeviceQuery } from "../../ports.ts";
import { deviceFromItem } from "./device-item.ts";
import { checkedLimit, filtersOnLastInform, matchesDeviceQuery } from "./device-query.ts";
import { type ExpressionBuilder, expressionBuilder } from "./expression-builder.ts";
import {
  deviceKey,
  deviceShardCount,
  deviceShardPartition,
  deviceSortKey,
  leaseKey,
  leaseSortKey,
} from "./item-layout.ts";
import { withLease } from "./lease-item.ts";
import {
  decodeListCursor,
  encodeListCursor,
  type ListCursorOptions,
  type ListPosition,
  queryFingerprint,
} from "./list-cursor.ts";
import type { TableClient } from "./table-client.ts";

export interface DeviceListingOptions {
  readonly table: TableClient;
  readonly cursor?: ListCursorOptions;
  /**
   * Index Queries one page may spend before it returns what it has (maybe
   * nothing) with a cursor: a selective filter over many devices then costs
   * several short requests instead of one that outlives the Lambda. @default 32
   */
  readonly maxQueriesPerPage?: number;
}

/** Index items one filtered Query may evaluate (unfiltered Queries ask for what the page needs). */
const filteredQueryLimit = 500;

/**
 * listDevices over gsi1: shard by shard, a Query with the index filters
 * (projected attributes only: oui, productClass, serialNumber, tags), then
 * the full items by key (META and LEASE), checked against every filter
 * (lastInformAt lives in the items only). The cursor names the last device consumed, so a page cut
 * short in the middle of a Query result loses nothing.
 */
export function createDeviceListing(
  options: DeviceListingOptions,
): (query: DeviceQuery) => Promise<DevicePage> {
  const { table } = options;
  const maxQueries = options.maxQueriesPerPage ?? 32;

  async function queryShard(position: ListPosition, query: DeviceQuery, limit: number) {
    const expression = expressionBuilder()
      .keyCondition((e) => `${e.name("gsi1pk")} = ${e.value(deviceShardPartition(position.shard))}`)
      .project("gsi1sk");
    const filtered = addIndexFilter(expression, query);
    const page = await table.queryPage(
      {
        index: "gsi1",
        expression,
        limit: filtered ? Math.max(limit, filteredQueryLimit) : limit,
        ...(position.after !== undefined && { startKey: startKey(position.shard, position.after) }),
      },
      "listDevices",
    );
    const lastEvaluated = page.lastKey?.gsi1sk;
    return {
      ids: page.items.map((item) => String(item.gsi1sk)),
      lastEvaluated: typeof lastEvaluated === "string" ? lastEvaluated : undefined,
    };
  }

  /**
   * Takes matching devices among `ids` (in order) until `wanted` are found.
   * Returns them and how many ids were consumed.
   */
  async function takeMatching(ids: readonly string[], query: DeviceQuery, wanted: number) {
    const taken: DeviceRecord[] = [];
    let consumed = 0;
    while (consumed < ids.length && taken.length < wanted) {
      // Without lastInform filters nearly every candidate matches: fetch just what is missing.
      // Two items per device (META and LEASE, lease-item.ts) within BatchGetItem's 100 keys.
      const size = Math.min(50, filtersOnLastInform(query) ? 50 : wanted - taken.length);
      const chunk = ids.slice(consumed, consumed + size);
      const keys = chunk.flatMap((id) => [deviceKey(id), leaseKey(id)]);
      const items = await table.batchGet(keys, "listDevices");
      const leases = new Map(
        items.filter((item) => item.sk === leaseSortKey).map((item) => [String(item.pk), item]),
      );
      const byId = new Map(
        items
          .filter((item) => item.sk === deviceSortKey)
          .map((item) => [
            String(item.id),
            deviceFromItem(withLease(item, leases.get(String(item.pk)))),
          ]),
      );
      for (const id of chunk) {
        consumed += 1;
        const device = byId.get(id);
        if (device && matchesDeviceQuery(device, query)) taken.push(device);
        if (taken.length === wanted) break;
      }
    }
    return { taken, consumed };
  }

  return async function listDevices(query) {
    const limit = checkedLimit(query.limit);
    const fingerprint = queryFingerprint(query);
    let position: ListPosition =
      query.cursor === undefined
        ? { shard: 0 }
        : decodeListCursor(query.cursor, fingerprint, options.cursor);
    const devices: DeviceRecord[] = [];
    for (let queries = 0; queries < maxQueries; queries++) {
      if (position.shard >= deviceShardCount || devices.length >= limit) break;
      const page = await queryShard(position, query, limit - devices.length);
      const { taken, consumed } = await takeMatching(page.ids, query, limit - devices.length);
      devices.push(...taken);
      position = nextPosition(position, page, consumed);
    }
    if (position.shard >= deviceShardCount) return { devices };
    return { devices, cursor: encodeListCursor(position, fingerprint, options.cursor) };
  };
}

/** After a page cut short: the last id consumed; else where the Query stopped; else the next shard. */
function nextPosition(
  position: ListPosition,
  page: { ids: readonly string[]; lastEvaluated: string | undefined },
  consumed: number,
): ListPosition {
  if (consumed < page.ids.length) return { shard: position.shard, after: page.ids[consumed - 1] };
  if (page.lastEvaluated !== undefined) {
    return { shard: position.shard, after: page.lastEvaluated };
  }
  return { shard: position.shard + 1 };
}

/** A gsi1 ExclusiveStartKey: the index keys plus the table keys of the device item. */
function startKey(shard: number, after: string) {
  return { ...deviceKey(after), gsi1pk: deviceShardPartition(shard), gsi1sk: after };
}

/** The filters the index can evaluate (projected attributes); true when there are any. */
function addIndexFilter(expression: ExpressionBuilder, query: DeviceQuery): boolean {
  const { oui, productClass, serialPrefix, tag } = query;
  if (oui !== undefined) expression.filter((e) => `${e.name("oui")} = ${e.value(oui)}`);
  if (productClass !== undefined) {
    expression.filter((e) => `${e.name("productClass")} = ${e.value(productClass)}`);
  }
  if (serialPrefix !== undefined) {
    expression.filter((e) => `begins_with(${e.name("serialNumber")}, ${e.value(serialPrefix)})`);
  }
  if (tag !== undefined) expression.filter((e) => `contains(${e.name("tags")}, ${e.value(tag)})`);
  return [oui, productClass, serialPrefix, tag].some((filter) => filter !== undefined);
}
