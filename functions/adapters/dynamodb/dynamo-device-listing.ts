import { type DynamoDBDocumentClient, QueryCommand } from "@aws-sdk/lib-dynamodb";
import type { DeviceRecord } from "../../core/model/device.ts";
import type { DevicePage, DeviceQuery } from "../../ports.ts";
import { batchGet } from "./batch-get.ts";
import { deviceFromItem } from "./device-item.ts";
import { checkedLimit, filtersOnLastInform, matchesDeviceQuery } from "./device-query.ts";
import { deviceKey, deviceShardCount, deviceShardPartition } from "./item-layout.ts";
import {
  decodeListCursor,
  encodeListCursor,
  type ListCursorOptions,
  type ListPosition,
  queryFingerprint,
} from "./list-cursor.ts";
import { translateError } from "./translate-error.ts";

export interface DeviceListingOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
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
 * the full items by key, checked against every filter (lastInformAt lives in
 * the item only). The cursor names the last device consumed, so a page cut
 * short in the middle of a Query result loses nothing.
 */
export function createDeviceListing(
  options: DeviceListingOptions,
): (query: DeviceQuery) => Promise<DevicePage> {
  const { client, tableName } = options;
  const maxQueries = options.maxQueriesPerPage ?? 32;

  async function queryShard(position: ListPosition, query: DeviceQuery, limit: number) {
    const filter = indexFilter(query);
    try {
      const output = await client.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: "gsi1",
          KeyConditionExpression: "#gsi1pk = :shard",
          ...(filter.expression && { FilterExpression: filter.expression }),
          ProjectionExpression: "#gsi1sk",
          ExpressionAttributeNames: { ...filter.names, "#gsi1pk": "gsi1pk", "#gsi1sk": "gsi1sk" },
          ExpressionAttributeValues: {
            ...filter.values,
            ":shard": deviceShardPartition(position.shard),
          },
          Limit: filter.expression ? Math.max(limit, filteredQueryLimit) : limit,
          ...(position.after !== undefined && {
            ExclusiveStartKey: startKey(position.shard, position.after),
          }),
        }),
      );
      return {
        ids: (output.Items ?? []).map((item) => String(item.gsi1sk)),
        lastEvaluated: output.LastEvaluatedKey?.gsi1sk as string | undefined,
      };
    } catch (error) {
      throw translateError(error, "listDevices");
    }
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
      const size = Math.min(100, filtersOnLastInform(query) ? 100 : wanted - taken.length);
      const chunk = ids.slice(consumed, consumed + size);
      const items = await batchGet(
        { client, tableName, operation: "listDevices" },
        chunk.map(deviceKey),
      );
      const byId = new Map(items.map((item) => [String(item.id), deviceFromItem(item)]));
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

function indexFilter(query: DeviceQuery) {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const clauses: string[] = [];
  if (query.oui !== undefined) {
    names["#oui"] = "oui";
    values[":oui"] = query.oui;
    clauses.push("#oui = :oui");
  }
  if (query.productClass !== undefined) {
    names["#productClass"] = "productClass";
    values[":productClass"] = query.productClass;
    clauses.push("#productClass = :productClass");
  }
  if (query.serialPrefix !== undefined) {
    names["#serialNumber"] = "serialNumber";
    values[":serialPrefix"] = query.serialPrefix;
    clauses.push("begins_with(#serialNumber, :serialPrefix)");
  }
  if (query.tag !== undefined) {
    names["#tags"] = "tags";
    values[":tag"] = query.tag;
    clauses.push("contains(#tags, :tag)");
  }
  return { names, values, expression: clauses.join(" AND ") };
}
