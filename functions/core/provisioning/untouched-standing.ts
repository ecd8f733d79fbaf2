import type { DeviceRecord } from "../model/device.ts";
import { deviceRoot } from "./match-precondition.ts";
import type { ProfilePrecondition } from "./profile.ts";

/**
 * Why a profile has not touched a device yet. `not-matching`: the device's
 * identity, data model or tags rule it out (it will not apply until they
 * change); `waiting`: it may apply in a later session, after the Inform
 * events it waits for (TR-069 3.7.1.5) or once its parameter preconditions
 * are checked.
 */
export interface UntouchedStanding {
  readonly status: "waiting" | "not-matching";
  readonly reason: string;
}

/** The standing of a profile that has no state on the device (see matchesDevice for the rule). */
export function untouchedStanding(
  precondition: ProfilePrecondition,
  device: DeviceRecord,
): UntouchedStanding {
  const mismatches = identityMismatches(precondition, device);
  if (mismatches.length > 0) return { status: "not-matching", reason: mismatches.join("; ") };
  const events = precondition.events ?? [];
  if (events.length > 0) return { status: "waiting", reason: `waiting for ${events.join("/")}` };
  return {
    status: "waiting",
    reason:
      precondition.parameters !== undefined || precondition.parametersInclude !== undefined
        ? "waiting for the next session (its parameter preconditions are checked then)"
        : "waiting for the next session",
  };
}

function identityMismatches(p: ProfilePrecondition, device: DeviceRecord): string[] {
  const found: string[] = [];
  const root = deviceRoot(device);
  if (p.root !== undefined && root !== p.root)
    found.push(`data model root is ${root ?? "unknown"}, the profile wants ${p.root}`);
  if (p.oui !== undefined && device.oui !== p.oui)
    found.push(`OUI is ${device.oui}, the profile wants ${p.oui}`);
  if (p.productClass !== undefined && device.productClass !== p.productClass)
    found.push(`ProductClass is ${device.productClass}, the profile wants ${p.productClass}`);
  if (p.serialPrefix !== undefined && !device.serialNumber.startsWith(p.serialPrefix))
    found.push(`SerialNumber ${device.serialNumber} does not start with ${p.serialPrefix}`);
  const missing = (p.tags ?? []).filter((tag) => !device.tags.includes(tag));
  if (missing.length > 0) found.push(`missing tags ${missing.join(", ")}`);
  return found;
}
