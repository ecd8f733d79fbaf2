import type { AcsMessage } from "../cwmp/acs-messages.ts";
import type { StoredParameter } from "../model/device.ts";
import type { DesiredObject, DesiredValue, Profile } from "./profile.ts";

/** What the ACS knows of one device when it plans: parameters by name. */
export type Knowledge = ReadonlyMap<string, StoredParameter>;

/** Per profile and device: what was done before (notifications set, AddObject refused). */
export interface ProfileMemory {
  /** Notification attributes already set ("name=level"). */
  readonly notificationsSet: readonly string[];
  /** Tables whose AddObject the CPE refused (fault 9005): use an existing instance. */
  readonly addObjectRefused: readonly string[];
  /** The instance this profile created or chose per table ("Device.XMPP.Connection.3."). */
  readonly instances: Readonly<Record<string, string>>;
}

/** The next step towards the profile's desired state (TR-069 A.3.2). */
export type ProfileStep =
  | { readonly kind: "converged" }
  | {
      readonly kind: "rpc";
      readonly purpose: "fetch" | "add" | "set" | "notify";
      readonly rpc: AcsMessage;
    };

/**
 * The smallest next RPC: first fetch what is unknown (one GetParameterValues
 * for every missing value and table), then create missing instances
 * (AddObject, one per table), then one SetParameterValues for every value
 * that differs, then one SetParameterAttributes. Called again after each
 * reply with what it taught; "converged" when nothing is left.
 */
export function planProfile(
  profile: Profile,
  known: Knowledge,
  memory: ProfileMemory,
): ProfileStep {
  const unknown = [
    ...profile.parameterValues
      .filter((p) => known.get(p.name)?.value === undefined)
      .map((p) => p.name),
    ...profile.objects.filter((o) => !tableKnown(o.table, known)).map((o) => o.table),
  ];
  if (unknown.length > 0)
    return rpc("fetch", { method: "GetParameterValues", parameterNames: unknown });
  const instances = new Map<DesiredObject, string>();
  for (const object of profile.objects) {
    const instance = findInstance(object, known, memory);
    if (instance === undefined) {
      return rpc("add", {
        method: "AddObject",
        objectName: object.table,
        parameterKey: profile.name.slice(0, 32),
      });
    }
    instances.set(object, instance);
  }
  const wanted: DesiredValue[] = [
    ...profile.parameterValues,
    ...profile.objects.flatMap((o) =>
      o.parameterValues.map((p) => ({ ...p, name: `${instances.get(o)}${p.name}` })),
    ),
  ];
  const differing = wanted.filter((p) => known.get(p.name)?.value !== p.value);
  if (differing.length > 0) {
    return rpc("set", {
      method: "SetParameterValues",
      parameterList: differing,
      parameterKey: profile.name.slice(0, 32),
    });
  }
  const notify = profile.notifications.filter(
    (n) => !memory.notificationsSet.includes(`${n.name}=${n.notification}`),
  );
  if (notify.length > 0) {
    return rpc("notify", {
      method: "SetParameterAttributes",
      parameterList: notify.map((n) => ({
        name: n.name,
        notificationChange: true,
        notification: n.notification,
        accessListChange: false,
        accessList: [],
      })),
    });
  }
  return { kind: "converged" };
}

function rpc(purpose: "fetch" | "add" | "set" | "notify", message: AcsMessage): ProfileStep {
  return { kind: "rpc", purpose, rpc: message };
}

/** A table counts as known once anything below it (even only its instances) was learned. */
function tableKnown(table: string, known: Knowledge): boolean {
  for (const name of known.keys())
    if (name.startsWith(table) && name.length > table.length) return true;
  return false;
}

/** Instance paths ("Device.XMPP.Connection.2.") present under a table, in number order. */
export function instancesOf(table: string, known: Knowledge): string[] {
  const numbers = new Set<number>();
  for (const name of known.keys()) {
    if (!name.startsWith(table)) continue;
    const match = /^(\d+)\./.exec(name.slice(table.length));
    if (match?.[1]) numbers.add(Number(match[1]));
  }
  return [...numbers].sort((a, b) => a - b).map((n) => `${table}${n}.`);
}

/**
 * The instance to configure: the first whose `match` parameters all hold;
 * else the one this profile created earlier (its values may not match yet);
 * else, when the CPE refused AddObject (fixed instances, fault 9005), its
 * first instance; else none (AddObject next).
 */
function findInstance(
  object: DesiredObject,
  known: Knowledge,
  memory: ProfileMemory,
): string | undefined {
  const instances = instancesOf(object.table, known);
  const matching = instances.find((instance) =>
    Object.entries(object.match).every(
      ([relative, value]) => known.get(`${instance}${relative}`)?.value === value,
    ),
  );
  if (matching) return matching;
  const remembered = memory.instances[object.table];
  if (remembered !== undefined && instances.includes(remembered)) return remembered;
  if (memory.addObjectRefused.includes(object.table)) return instances[0];
  return undefined;
}
