import { isDeviceId } from "../core/model/device-id.ts";
import { NotFoundError } from "./api-errors.ts";
import { decodeSegment } from "./router.ts";

/**
 * The device id in a path. Ids contain percent escapes themselves
 * ("00D09E-HGW%2D1-S1"), so a client may send them as they are or
 * percent-encoded once more ("HGW%252D1"); both name the same device. The
 * two readings cannot both be valid ids unless they are equal (decoding an
 * escape inside an id always yields a character ids never carry bare).
 */
export function deviceIdParam(raw: string): string {
  const decoded = decodeSegment(raw);
  if (isDeviceId(decoded)) return decoded;
  if (isDeviceId(raw)) return raw;
  throw new NotFoundError(`device ${decoded}`);
}
