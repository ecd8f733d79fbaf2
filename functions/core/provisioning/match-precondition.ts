import type { DeviceRecord } from "../model/device.ts";
import type { ProfilePrecondition } from "./profile.ts";

/** The data model root the device reports in its Inform ("Device." or "InternetGatewayDevice."). */
export function deviceRoot(device: Pick<DeviceRecord, "informParameters">): string | undefined {
  const first = Object.keys(device.informParameters)[0];
  const root = first?.split(".")[0];
  return root ? `${root}.` : undefined;
}

/**
 * The part of a precondition decided without reading parameters: data
 * model root, identity, tags and the session's events. Parameter values are
 * the planner's (they may need fetching first).
 */
export function matchesDevice(
  precondition: ProfilePrecondition,
  device: DeviceRecord,
  events: readonly string[],
): boolean {
  const p = precondition;
  if (p.root !== undefined && deviceRoot(device) !== p.root) return false;
  if (p.oui !== undefined && device.oui !== p.oui) return false;
  if (p.productClass !== undefined && device.productClass !== p.productClass) return false;
  if (p.serialPrefix !== undefined && !device.serialNumber.startsWith(p.serialPrefix)) return false;
  if (p.tags?.some((tag) => !device.tags.includes(tag))) return false;
  if (p.events !== undefined && p.events.length > 0) {
    if (!p.events.some((event) => events.includes(event))) return false;
  }
  return true;
}
