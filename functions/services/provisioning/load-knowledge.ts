import type { DeviceRecord, StoredParameter } from "../../core/model/device.ts";
import type { Knowledge } from "../../core/provisioning/plan-profile.ts";
import type { DesiredObject, Profile } from "../../core/provisioning/profile.ts";
import type { ParameterStore } from "../../ports.ts";

/**
 * What the ACS knows of the subtrees profiles touch, read for one exchange:
 * each top-level object ("Device.ManagementServer.", "Device.XMPP.") is
 * Queried at most once (current generation only: a BOOTSTRAP forgot the
 * rest), however many profiles look at it, and what the exchange itself
 * stores is merged in instead of read back. Nothing else writes the device's
 * parameters while its session holds the lease (one session per device), so
 * the copy stays true for the exchange; it is never kept longer.
 */
export interface KnowledgeReader {
  /** The device this reader reads for (one device, one generation). */
  readonly deviceId: string;
  knowledge(profile: Profile): Promise<Knowledge>;
  /** Parameters this exchange just stored: later reads see them without a Query. */
  remember(stored: readonly StoredParameter[]): void;
}

export function createKnowledgeReader(
  parameters: ParameterStore,
  device: DeviceRecord,
): KnowledgeReader {
  const subtrees = new Map<string, Promise<Map<string, StoredParameter>>>();
  const subtree = (prefix: string) => {
    let page = subtrees.get(prefix);
    if (page === undefined) {
      page = parameters
        .getParameters(device.id, device.parameterGeneration, prefix)
        .then((found) => new Map(found.map((p) => [p.name, p])));
      subtrees.set(prefix, page);
    }
    return page;
  };
  return {
    deviceId: device.id,
    async knowledge(profile) {
      const pages = await Promise.all(subtreesOf(profile).map(subtree));
      return new Map(pages.flatMap((page) => [...page.values()]).map((p) => [p.name, p]));
    },
    remember(stored) {
      for (const p of stored) {
        // A subtree not read yet is read from the store later, which already holds these.
        const page = subtrees.get(twoLevels(p.name));
        if (page) subtrees.set(twoLevels(p.name), page.then((known) => known.set(p.name, p)));
      }
    },
  };
}

/** One profile's knowledge, read now (no reuse): for callers outside a session exchange. */
export function loadKnowledge(
  parameters: ParameterStore,
  device: DeviceRecord,
  profile: Profile,
): Promise<Knowledge> {
  return createKnowledgeReader(parameters, device).knowledge(profile);
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
