import type { DeviceRecord, StoredParameter } from "../../core/model/device.ts";
import type { Knowledge } from "../../core/provisioning/plan-profile.ts";
import type { DesiredObject, Profile } from "../../core/provisioning/profile.ts";
import type { ParameterStore } from "../../ports.ts";

/**
 * What the ACS knows of the subtrees a profile touches: one Query per
 * top-level object ("Device.ManagementServer.", "Device.XMPP."), current
 * generation only (a BOOTSTRAP forgot the rest).
 */
export async function loadKnowledge(
  parameters: ParameterStore,
  device: DeviceRecord,
  profile: Profile,
): Promise<Knowledge> {
  const pages = await Promise.all(
    subtreesOf(profile).map((prefix) =>
      parameters.getParameters(device.id, device.parameterGeneration, prefix),
    ),
  );
  return new Map(pages.flat().map((p: StoredParameter) => [p.name, p]));
}

/** The distinct two-level prefixes of every path the profile names. */
export function subtreesOf(profile: Profile): string[] {
  const paths = [
    ...(profile.requires ?? []),
    ...Object.keys(profile.precondition.parameters ?? {}),
    ...Object.keys(profile.precondition.parametersInclude ?? {}),
    ...profile.parameterValues.map((p) => p.name),
    ...profile.notifications.map((n) => n.name),
    ...profile.objects.flatMap(objectPaths),
  ];
  return [...new Set(paths.map(twoLevels))].sort();
}

function objectPaths(object: DesiredObject): string[] {
  return [object.table, ...(object.referencedBy ?? [])];
}

function twoLevels(path: string): string {
  const segments = path.split(".").filter((segment) => segment !== "");
  return `${segments.slice(0, 2).join(".")}.`;
}
