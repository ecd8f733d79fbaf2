import type { DeviceRecord, StoredParameter } from "../../core/model/device.ts";
import type { Knowledge } from "../../core/provisioning/plan-profile.ts";
import type { DesiredObject, Profile } from "../../core/provisioning/profile.ts";
import type { ParameterStore } from "../../ports.ts";

/**
 * What the ACS knows of the subtrees profiles touch, for one session of one
 * device: each top-level object ("Device.ManagementServer.", "Device.XMPP.")
 * is Queried once (current generation only: a BOOTSTRAP forgot the rest),
 * however many profiles and exchanges look at it, and what the session itself
 * stores is merged in instead of read back. Nothing else writes the device's
 * parameters while its session holds the lease (one session per device), and
 * within a session tasks (which may store values too) only run once every
 * profile has settled, so the copy stays true for the profiles' turns.
 */
export interface KnowledgeReader {
  knowledge(profile: Profile): Promise<Knowledge>;
  /** Parameters the session just stored (after the write succeeded): later reads see them. */
  remember(stored: readonly StoredParameter[]): void;
}

/** A reader on its own, kept by nobody: every subtree is read from the store on first use. */
export function createKnowledgeReader(
  parameters: ParameterStore,
  device: Pick<DeviceRecord, "id" | "parameterGeneration">,
): KnowledgeReader {
  const subtrees = new Map<string, Map<string, StoredParameter>>();
  const read = async (prefix: string) => {
    const found = await parameters.getParameters(device.id, device.parameterGeneration, prefix);
    subtrees.set(prefix, new Map(found.map((p) => [p.name, p])));
  };
  return {
    async knowledge(profile) {
      const prefixes = subtreesOf(profile);
      await Promise.all(prefixes.filter((prefix) => !subtrees.has(prefix)).map(read));
      return new Map(prefixes.flatMap((prefix) => [...(subtrees.get(prefix)?.entries() ?? [])]));
    },
    remember(stored) {
      for (const p of stored) {
        // A subtree not read yet is read from the store later, which already holds these.
        subtrees.get(twoLevels(p.name))?.set(p.name, p);
      }
    },
  };
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
