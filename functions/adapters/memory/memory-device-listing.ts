import type { DeviceRecord } from "../../core/model/device.ts";
import type { DevicePage, DeviceQuery } from "../../ports.ts";
import { checkedLimit, matchesDeviceQuery } from "../dynamodb/device-query.ts";
import { deviceShard } from "../dynamodb/item-layout.ts";
import {
  decodeListCursor,
  encodeListCursor,
  type ListPosition,
  queryFingerprint,
} from "../dynamodb/list-cursor.ts";

/**
 * listDevices over an in-memory registry, in the DynamoDB adapter's order
 * (shard, then device id by UTF-8 bytes as gsi1 sorts them) and with its
 * cursors, so a listing behaves the same on both adapters.
 */
export async function listMemoryDevices(
  all: readonly DeviceRecord[],
  query: DeviceQuery,
  cursorSecret?: string | Uint8Array,
): Promise<DevicePage> {
  const limit = checkedLimit(query.limit);
  const fingerprint = queryFingerprint(query);
  const options = { secret: cursorSecret };
  const from =
    query.cursor === undefined ? undefined : decodeListCursor(query.cursor, fingerprint, options);
  const ordered = all
    .filter((device) => matchesDeviceQuery(device, query))
    .map((device) => ({ device, position: { shard: deviceShard(device.id), after: device.id } }))
    .filter((entry) => from === undefined || comparePositions(entry.position, from) > 0)
    .sort((a, b) => comparePositions(a.position, b.position));
  const page = ordered.slice(0, limit);
  const last = page.at(-1);
  if (ordered.length <= limit || last === undefined) return { devices: page.map((e) => e.device) };
  return {
    devices: page.map((entry) => entry.device),
    cursor: encodeListCursor(last.position, fingerprint, options),
  };
}

/** Order of positions; a position without `after` (start of its shard) precedes the shard's devices. */
function comparePositions(a: ListPosition, b: ListPosition): number {
  if (a.shard !== b.shard) return a.shard - b.shard;
  if (a.after === undefined || b.after === undefined) {
    return (a.after === undefined ? 0 : 1) - (b.after === undefined ? 0 : 1);
  }
  return Buffer.compare(Buffer.from(a.after, "utf8"), Buffer.from(b.after, "utf8"));
}
