import type { DeviceRecord } from "../../core/model/device.ts";
import type { DeviceQuery } from "../../ports.ts";

/**
 * Whether a device matches a listing's filters (all of them: they combine
 * with AND). The DynamoDB adapter filters on the index first and checks the
 * full item again here, so an index entry that lags the item (gsi1 is
 * eventually consistent) cannot leak a device that no longer matches.
 */
export function matchesDeviceQuery(device: DeviceRecord, query: DeviceQuery): boolean {
  return (
    (query.oui === undefined || device.oui === query.oui) &&
    (query.productClass === undefined || device.productClass === query.productClass) &&
    (query.serialPrefix === undefined || device.serialNumber.startsWith(query.serialPrefix)) &&
    (query.tag === undefined || device.tags.includes(query.tag)) &&
    (query.lastInformBefore === undefined || device.lastInformAt < query.lastInformBefore) &&
    (query.lastInformAfter === undefined || device.lastInformAt >= query.lastInformAfter)
  );
}

/** True when the query filters on lastInformAt, which only the full item carries. */
export function filtersOnLastInform(query: DeviceQuery): boolean {
  return query.lastInformBefore !== undefined || query.lastInformAfter !== undefined;
}

/** A listing's page size must be a positive integer (the API validates it; this guards bugs). */
export function checkedLimit(limit: number): number {
  if (!Number.isInteger(limit) || limit < 1) {
    throw new RangeError(`listDevices: limit must be a positive integer, got ${limit}`);
  }
  return limit;
}
