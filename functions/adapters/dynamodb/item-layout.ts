/**
 * Single-table item layout (table: pk/sk strings, GSI "gsi1" on gsi1pk/gsi1sk, GSI "gsi2" on
 * gsi2pk/gsi2sk (task and device items), TTL attribute "ttl"; see table-definition.ts).
 *
 * | item       | pk              | sk                              | gsi1pk                 | gsi1sk                  |
 * |------------|-----------------|---------------------------------|------------------------|-------------------------|
 * | device     | DEV#<deviceId>  | META                            | DEVICES#<shard 0..15>  | <deviceId>              |
 * | parameter  | DEV#<deviceId>  | P#<generation 6 digits>#<name>  | -                      | -                       |
 * | task       | TASK#<taskId>   | TASK                            | DEVTASKS#<deviceId>    | <createdAt 15 digits>#<taskId> |
 * | idem. key  | IDEM#<deviceId>#<key> | IDEM                      | -                      | -                       |
 * | fleet sum. | FLEET           | SUMMARY                         | -                      | -                       |
 *
 * Task items also carry gsi2pk = TASKS#<UTC day yyyy-mm-dd>#<shard 0..3> (shard from the task
 * id's hash, so a burst of creations, e.g. a campaign stage, spreads over 4 partitions) and
 * gsi2sk = <createdAt 15 digits>#<taskId>: the fleet-wide listing, newest first, walks days
 * back and merges the 4 shards of each day. Tasks written before gsi2 existed lack these keys
 * and are not listed fleet-wide (they expire within the task lifetime anyway).
 *
 * Device items also carry gsi2pk = FLEET#<shard 0..15> (the same shard as gsi1) and
 * gsi2sk = <deviceId>, set by every Inform: the fleet summary reads the projected summary
 * attributes there (table-definition.ts). A device stored before gsi2 existed is counted
 * from its next Inform.
 *
 * Device item: the DeviceRecord fields (id, manufacturer, oui, productClass,
 * serialNumber, firstInformAt, lastInformAt, lastEvents, connectionRequestUrl,
 * connReqJabberId, tags, informParameters, parameterGeneration,
 * lastConnectionRequest, lastSessionEndedAt) plus
 * - `session`: the live SessionState as a map, absent when none. The lease is
 *   data: a session counts as live while `session.expiresAt > now`, and every
 *   write that takes or uses the lease checks it in its condition (dynalite
 *   has no TTL, and DynamoDB TTL deletes lazily anyway).
 * - `taskQueue`: a MAP taskId -> sequence (the task's createdAt, epoch ms).
 *   Enqueue is `SET taskQueue.#id = :seq`, dequeue `REMOVE taskQueue.#id`:
 *   both idempotent and free of list-index races. DeviceRecord.taskQueue is
 *   the keys sorted by sequence, then id (FIFO).
 * - `digestUse` (nonceIssuedAt, nonce, nc): the digest answer that opened the last session;
 *   the open-session write is conditional on a later one (core/auth/digest-use.ts).
 * - `ownCredential`: the device's own CPE username, set by the credential PUT (an item holding
 *   only this and its keys exists for a device provisioned before its first Inform; it has no
 *   `id` and reads as no device); the shared credential's open-session write requires it absent.
 * - `softwareVersion` (DeviceInfo.SoftwareVersion of the last Inform) and `lastSeenHour` (the
 *   UTC hour of the last Inform, core/fleet/fleet-summary.ts): derived by the open-session
 *   write for the fleet summary, which reads them from gsi1 (not DeviceRecord fields).
 * The shard spreads the device listing over 16 GSI partitions.
 *
 * Parameter items: one per parameter, never inside the device item (a device
 * with 10,000 parameters would pass the 400 KB item limit). Attributes:
 * v (value), t (xsd type), l (learnedAt), w (writable); an absent field is
 * an absent attribute; the name is the rest of the sort key. A subtree is a
 * Query with begins_with(sk, "P#<generation>#<prefix>"). A 0 BOOTSTRAP bumps
 * the device's parameterGeneration, so older generations are ignored at once;
 * purgeStaleParameters deletes them later in bounded batches.
 *
 * Task items: the TaskRecord fields at the top level (so conditions can name
 * `status`), gsi1 keys to list a device's tasks oldest first, and `ttl`
 * (epoch seconds) 30 days after expiresAt, for cleanup only.
 *
 * Idempotency-key items bind an API Idempotency-Key of a device to the task
 * it created: taskId (fixed when the key is claimed, before the task exists),
 * requestHash (device and canonical spec; a reused key must ask the same), expiresAt
 * (epoch ms; the binding counts until then, and
 * an expired binding may be claimed again) and `ttl` (epoch seconds, cleanup
 * only). Device ids percent-escape "#" (device-id.ts), so the key part is
 * unambiguous. deleteDevice leaves them (and the tasks) to expire.
 *
 * Device listing: a Query per gsi1 shard partition DEVICES#0..15 in order,
 * filtering on the projected attributes, then BatchGetItem of the full items
 * (lastInformAt is deliberately not projected: see table-definition.ts).
 */

export const deviceSortKey = "META";
/**
 * The device's hot item beside META: the session lease and what every Inform touches, kept
 * under 1 KB so a periodic session's two writes cost one write unit each (lease-item.ts).
 */
export const leaseSortKey = "LEASE";
export const taskSortKey = "TASK";
export const idempotencySortKey = "IDEM";
/** Sort-key prefix shared by every parameter item of every generation. */
export const parameterSortKeyRoot = "P#";
/** Final tasks stay readable this long after their expiry before TTL removes them. */
export const taskRetentionAfterExpiryMs = 30 * 24 * 60 * 60 * 1000;

/** Device items spread over this many gsi1 partitions (DEVICES#0 .. DEVICES#15). */
export const deviceShardCount = 16;
const generationDigits = 6;
const createdAtDigits = 15;

export interface ItemKey {
  readonly pk: string;
  readonly sk: string;
}

export function devicePartitionKey(deviceId: string): string {
  return `DEV#${deviceId}`;
}

export function deviceKey(deviceId: string): ItemKey {
  return { pk: devicePartitionKey(deviceId), sk: deviceSortKey };
}

export function leaseKey(deviceId: string): ItemKey {
  return { pk: devicePartitionKey(deviceId), sk: leaseSortKey };
}

export function deviceIndexKeys(deviceId: string): { gsi1pk: string; gsi1sk: string } {
  return { gsi1pk: deviceShardPartition(deviceShard(deviceId)), gsi1sk: deviceId };
}

/** gsi2 keys of a device item: the fleet summary reads these 16 partitions (FLEET#<shard>). */
export function fleetIndexKeys(deviceId: string): { gsi2pk: string; gsi2sk: string } {
  return { gsi2pk: fleetShardPartition(deviceShard(deviceId)), gsi2sk: deviceId };
}

export function fleetShardPartition(shard: number): string {
  return `FLEET#${shard}`;
}

export function deviceShardPartition(shard: number): string {
  return `DEVICES#${shard}`;
}

/** A stable, cheap spread of device ids over the shards. */
export function deviceShard(deviceId: string): number {
  return fnv1a(deviceId) % deviceShardCount;
}

/** FNV-1a (32 bits) over the UTF-8 bytes. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(text, "utf8")) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

function generationPart(generation: number): string {
  return `P#${String(generation).padStart(generationDigits, "0")}`;
}

/** Sort-key prefix of one generation's parameters whose names start with `namePrefix`. */
export function parameterSortKeyPrefix(generation: number, namePrefix = ""): string {
  return `${generationPart(generation)}#${namePrefix}`;
}

export function parameterKey(deviceId: string, generation: number, name: string): ItemKey {
  return { pk: devicePartitionKey(deviceId), sk: parameterSortKeyPrefix(generation, name) };
}

/**
 * Sort-key bounds (inclusive) covering every generation older than `generation`:
 * "P#" sorts before them all and "P#<generation>" (no trailing "#") before
 * every key of that generation.
 */
export function olderGenerationsRange(generation: number): { from: string; to: string } {
  return { from: "P#", to: generationPart(generation) };
}

/** The parameter name of a parameter item's sort key ("P#000003#Device.X" -> "Device.X"). */
export function parameterNameOf(sortKey: string): string {
  return sortKey.slice(sortKey.indexOf("#", 2) + 1);
}

export function taskKey(taskId: string): ItemKey {
  return { pk: `TASK#${taskId}`, sk: taskSortKey };
}

export function deviceTasksPartition(deviceId: string): string {
  return `DEVTASKS#${deviceId}`;
}

/** The sort key of a task in both task indexes: creation order, then id. */
export function taskOrderKey(createdAt: number, taskId: string): string {
  return `${String(createdAt).padStart(createdAtDigits, "0")}#${taskId}`;
}

/** The creation time a task order key starts with. */
export function createdAtOfOrderKey(orderKey: string): number {
  return Number(orderKey.slice(0, createdAtDigits));
}

/** Sorts after every order key (15 digits, "#", an id of [0-9A-Z]). */
export const taskOrderKeyCeiling = `${"9".repeat(createdAtDigits)}~`;

export function taskIndexKeys(
  deviceId: string,
  createdAt: number,
  taskId: string,
): { gsi1pk: string; gsi1sk: string; gsi2pk: string; gsi2sk: string } {
  const orderKey = taskOrderKey(createdAt, taskId);
  return {
    gsi1pk: deviceTasksPartition(deviceId),
    gsi1sk: orderKey,
    gsi2pk: recentTasksPartition(utcDayOf(createdAt), fnv1a(taskId) % taskShardCount),
    gsi2sk: orderKey,
  };
}

/** Task items spread over this many gsi2 partitions per UTC day. */
export const taskShardCount = 4;
const dayMs = 24 * 60 * 60 * 1000;

/** "yyyy-mm-dd" of an instant, in UTC. */
export function utcDayOf(at: number): string {
  return new Date(at).toISOString().slice(0, 10);
}

/** The UTC day before `day`. */
export function previousUtcDay(day: string): string {
  return utcDayOf(Date.parse(`${day}T00:00:00Z`) - dayMs);
}

export function recentTasksPartition(day: string, shard: number): string {
  return `TASKS#${day}#${shard}`;
}

/** TTL value (epoch seconds): cleanup only, never relied on for correctness. */
export function taskTtlSeconds(expiresAt: number): number {
  return Math.ceil((expiresAt + taskRetentionAfterExpiryMs) / 1000);
}

export function idempotencyItemKey(deviceId: string, key: string): ItemKey {
  return { pk: `IDEM#${deviceId}#${key}`, sk: idempotencySortKey };
}

/** The fleet summary snapshot (one item, rewritten whole; see dynamo-fleet-summary.ts). */
export const fleetSummaryKey: ItemKey = { pk: "FLEET", sk: "SUMMARY" };
