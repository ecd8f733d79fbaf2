import { type DeviceId, deviceIdOf, IncompleteDeviceIdentityError } from "../model/device-id.ts";
import { bulkDataPasswordMatches } from "./bulk-data-credentials.ts";
import { BulkReportUnauthenticatedError } from "./bulk-data-errors.ts";

/**
 * The `HTTP.RequestURIParameter.{i}` names the ACS's profiles set (TR-181 BulkData: each adds
 * `Name=<value of Reference>` to the report URL's query), identifying the device as
 * TR-069 A.3.3.1 does: OUI, ProductClass, SerialNumber.
 */
export const bulkDataQueryNames = { oui: "oui", productClass: "pc", serialNumber: "sn" } as const;

/**
 * The device a report comes from: the query names it, HTTP Basic (RFC 7617) proves it with the
 * device's own credentials (username = device id). Basic, not Digest: a digest challenge costs
 * a second request per report (the 401 round trip), and TR-369 R-BULK.6 already asks for TLS
 * toward the collector; the password is the device's alone (`bulk-data-credentials.ts`).
 * Any mismatch is BulkReportUnauthenticatedError (HTTP 401).
 */
export function identifyBulkDevice(
  key: Uint8Array,
  request: {
    readonly query: Readonly<Record<string, string | undefined>>;
    readonly authorization: string | undefined;
  },
): DeviceId {
  const deviceId = deviceFromQuery(request.query);
  const basic = basicCredentials(request.authorization);
  if (!basic) throw new BulkReportUnauthenticatedError("no-credentials");
  if (basic.username !== deviceId || !bulkDataPasswordMatches(key, deviceId, basic.password)) {
    throw new BulkReportUnauthenticatedError("wrong-credentials");
  }
  return deviceId;
}

function deviceFromQuery(query: Readonly<Record<string, string | undefined>>): DeviceId {
  try {
    return deviceIdOf({
      oui: query[bulkDataQueryNames.oui] ?? "",
      productClass: query[bulkDataQueryNames.productClass] ?? "",
      serialNumber: query[bulkDataQueryNames.serialNumber] ?? "",
    });
  } catch (error) {
    if (error instanceof IncompleteDeviceIdentityError) {
      throw new BulkReportUnauthenticatedError("no-device");
    }
    throw error;
  }
}

function basicCredentials(header: string | undefined) {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? "");
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return undefined;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
