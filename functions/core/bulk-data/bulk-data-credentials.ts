import { createHmac, timingSafeEqual } from "node:crypto";

/** A device's bulk data collector credentials, in clear (the profile sets them on the CPE). */
export interface BulkDataCredentials {
  readonly username: string;
  readonly password: string;
}

/**
 * `Device.BulkData.Profile.{i}.HTTP.Username` / `Password` of a device: the device id and
 * HMAC-SHA256(key, "bulk-data\0" + id). Derived rather than generated and sealed on the record
 * (as the CR pair is) so the collector checks a report with no store read: one S3 PUT per
 * report is its whole cost, and a report from a device the table has never seen costs no read.
 * A leaked password opens one device's reports only; rotating the key changes every password,
 * which the profile (its values depend on the key) sets again on each CPE's next session.
 */
export function bulkDataCredentials(key: Uint8Array, deviceId: string): BulkDataCredentials {
  const password = createHmac("sha256", key)
    .update(`bulk-data\0${deviceId}`, "utf8")
    .digest("base64url");
  return { username: deviceId, password };
}

/** The password matches the device's, compared in constant time. */
export function bulkDataPasswordMatches(key: Uint8Array, deviceId: string, given: string): boolean {
  const expected = Buffer.from(bulkDataCredentials(key, deviceId).password, "utf8");
  const actual = Buffer.from(given, "utf8");
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
