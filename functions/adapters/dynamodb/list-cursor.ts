import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { InvalidCursorError } from "../../port-errors.ts";
import type { DeviceQuery } from "../../ports.ts";
import { deviceShard, deviceShardCount } from "./item-layout.ts";

/**
 * Where a device listing resumes: at the start of `shard`, or after the
 * device `after` of that shard (listings walk shards in order, each sorted
 * by device id, as gsi1 sorts them).
 */
export interface ListPosition {
  readonly shard: number;
  readonly after?: string;
}

export interface ListCursorOptions {
  /**
   * Key of the cursor's HMAC-SHA256. Without one the tag is an unkeyed
   * checksum: alterations are still caught, and the strict validation keeps
   * a forged cursor to a harmless position (it can only name a device id).
   */
  readonly secret?: string | Uint8Array;
}

/** Cursor text: `<base64url(JSON payload)>.<base64url(tag, 16 bytes)>`. */
const cursorShape = /^([A-Za-z0-9_-]{1,1400})\.([A-Za-z0-9_-]{22})$/;
const tagBytes = 16;
const unkeyedLabel = "acs-device-list-cursor-v1";
/** DynamoDB caps a sort key at 1024 bytes. */
const maxDeviceIdBytes = 1024;

/**
 * Cursors are bound to the filters they were issued for: resuming a listing
 * with other filters is refused rather than silently mixing two result sets.
 */
export function queryFingerprint(query: DeviceQuery): string {
  const filters = [
    query.oui,
    query.productClass,
    query.serialPrefix,
    query.tag,
    query.lastInformBefore,
    query.lastInformAfter,
  ].map((value) => value ?? null);
  return createHash("sha256").update(JSON.stringify(filters)).digest("base64url").slice(0, 11);
}

export function encodeListCursor(
  position: ListPosition,
  fingerprint: string,
  options: ListCursorOptions = {},
): string {
  const payload = { v: 1, s: position.shard, f: fingerprint, a: position.after };
  const body = Buffer.from(JSON.stringify(payload), "utf8").toString("base64url");
  return `${body}.${tagOf(body, options)}`;
}

/** The position a cursor names; InvalidCursorError unless this code issued it for these filters. */
export function decodeListCursor(
  cursor: string,
  fingerprint: string,
  options: ListCursorOptions = {},
): ListPosition {
  const match = cursorShape.exec(cursor);
  const body = match?.[1];
  const tag = match?.[2];
  if (body === undefined || tag === undefined || !sameTag(tag, tagOf(body, options))) {
    throw new InvalidCursorError();
  }
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(body, "base64url").toString("utf8"));
  } catch (error) {
    throw new InvalidCursorError({ cause: error });
  }
  const position = positionOf(payload, fingerprint);
  if (!position) throw new InvalidCursorError();
  return position;
}

function positionOf(payload: unknown, fingerprint: string): ListPosition | undefined {
  if (typeof payload !== "object" || payload === null || Array.isArray(payload)) return undefined;
  const { v, s, f, a, ...rest } = payload as Record<string, unknown>;
  if (Object.keys(rest).length > 0 || v !== 1 || f !== fingerprint) return undefined;
  if (typeof s !== "number" || !Number.isInteger(s) || s < 0 || s >= deviceShardCount) {
    return undefined;
  }
  if (a === undefined) return { shard: s };
  const valid =
    typeof a === "string" &&
    a.length > 0 &&
    isWellFormed(a) &&
    Buffer.byteLength(a, "utf8") <= maxDeviceIdBytes &&
    deviceShard(a) === s;
  return valid ? { shard: s, after: a } : undefined;
}

/** No lone surrogates (JSON may carry them; DynamoDB keys must be valid UTF-8). */
function isWellFormed(text: string): boolean {
  return Buffer.from(text, "utf8").toString("utf8") === text;
}

function tagOf(body: string, options: ListCursorOptions): string {
  const key = options.secret ?? unkeyedLabel;
  return createHmac("sha256", key)
    .update(body)
    .digest()
    .subarray(0, tagBytes)
    .toString("base64url");
}

function sameTag(presented: string, expected: string): boolean {
  const a = Buffer.from(presented, "utf8");
  const b = Buffer.from(expected, "utf8");
  return a.length === b.length && timingSafeEqual(a, b);
}
