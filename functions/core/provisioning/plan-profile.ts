import type { AcsMessage } from "../cwmp/acs-messages.ts";
import type { StoredParameter } from "../model/device.ts";
import type { DesiredObject, DesiredValue, Profile } from "./profile.ts";
import type { ProfileState } from "./profile-state.ts";
import { secretFingerprint } from "./secret-fingerprint.ts";

/** What the ACS knows of one device when it plans: parameters by name. */
export type Knowledge = ReadonlyMap<string, StoredParameter>;

/** The part of ProfileState the planner reads. */
export type ProfileMemory = Pick<
  ProfileState,
  "fetched" | "notificationsSet" | "addObjectRefused" | "instances" | "secretsApplied"
>;

export type StepPurpose = "probe" | "fetch" | "add" | "set" | "notify";

/** The next step towards the profile's desired state (TR-069 A.3.2). */
export type ProfileStep =
  | { readonly kind: "converged" }
  | { readonly kind: "not-applicable"; readonly reason: string }
  | {
      readonly kind: "rpc";
      readonly purpose: StepPurpose;
      readonly rpc: AcsMessage;
      /** For "add": the table an instance is added to, and the memory key of that instance. */
      readonly table?: string;
      readonly instanceKey?: string;
      /** For "set": the names whose values are secrets (never stored, fingerprinted). */
      readonly secretNames?: readonly string[];
    };

/**
 * The smallest next RPC, in this order: probe what the precondition needs
 * (required paths, precondition values); fetch what is unknown (one
 * GetParameterValues for every missing value and table); create missing
 * instances (AddObject, parents before children); one SetParameterValues for
 * every value that differs; one SetParameterAttributes. Called again after
 * each reply with what it taught; "converged" when nothing is left.
 */
export function planProfile(
  profile: Profile,
  known: Knowledge,
  memory: ProfileMemory,
): ProfileStep {
  const isKnown = knownTest(known, memory);
  const condition = profile.precondition;
  // A required object is fetched whole once per generation: a few of its parameters known from
  // Informs say nothing of the others (SupportedConnReqMethods, say).
  const fetched = (path: string) =>
    memory.fetched.some((done) => done.endsWith(".") && path.startsWith(done));
  const probe = [
    ...(profile.requires ?? []).filter((path) =>
      path.endsWith(".") ? !fetched(path) : !isKnown(path),
    ),
    ...Object.keys(condition.parameters ?? {}).filter((path) => !isKnown(path)),
  ];
  if (probe.length > 0) return getValues("probe", probe);
  const mismatch = preconditionMismatch(profile, known);
  if (mismatch !== undefined) return { kind: "not-applicable", reason: mismatch };
  const unknown = [
    ...profile.parameterValues.map((p) => p.name),
    ...profile.objects.map((o) => o.table),
  ].filter((path) => !isKnown(path));
  if (unknown.length > 0) return getValues("fetch", unknown);
  const key = profile.name.slice(0, 32);
  const resolved = resolveObjects(profile.objects, { prefix: "", key, known, memory, isKnown });
  if ("kind" in resolved) return resolved;
  const differing = [...profile.parameterValues, ...resolved.values].filter(
    (p) => !holds(p, known, memory),
  );
  if (differing.length > 0) {
    return {
      kind: "rpc",
      purpose: "set",
      rpc: {
        method: "SetParameterValues",
        parameterList: differing.map(({ name, value, type }) => ({ name, value, type })),
        parameterKey: key,
      },
      secretNames: differing.filter((p) => p.secret).map((p) => p.name),
    };
  }
  const notify = [...profile.notifications, ...resolved.notifications].filter(
    (n) => !memory.notificationsSet.includes(notificationKey(n)),
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

export function notificationKey(n: { readonly name: string; readonly notification: number }) {
  return `${n.name}=${n.notification}`;
}

/** A desired value the device holds: equal value, or a secret this profile already set. */
function holds(p: DesiredValue, known: Knowledge, memory: ProfileMemory): boolean {
  if (p.secret) return memory.secretsApplied[p.name] === secretFingerprint(p.name, p.value);
  return known.get(p.name)?.value === p.value;
}

function preconditionMismatch(profile: Profile, known: Knowledge): string | undefined {
  for (const [name, value] of Object.entries(profile.precondition.parameters ?? {})) {
    if (known.get(name)?.value !== value) return `${name} is not "${value}"`;
  }
  for (const [name, item] of Object.entries(profile.precondition.parametersInclude ?? {})) {
    const list = known.get(name)?.value;
    if (list === undefined) continue; // absent from the model: nothing to check
    const items = list.split(",").map((entry) => entry.trim());
    if (!items.includes(item)) return `${name} does not include "${item}"`;
  }
  return undefined;
}

type Notification = { readonly name: string; readonly notification: number };
interface Resolved {
  readonly values: DesiredValue[];
  readonly notifications: Notification[];
}

/**
 * Every object's instance, parents first, with its desired values and
 * notifications made absolute; or the step that must come first (fetch a
 * nested table, add an instance).
 */
function resolveObjects(
  objects: readonly DesiredObject[],
  context: {
    readonly prefix: string;
    readonly key: string;
    readonly known: Knowledge;
    readonly memory: ProfileMemory;
    readonly isKnown: (path: string) => boolean;
  },
): Resolved | ProfileStep {
  const { prefix, key, known, memory, isKnown } = context;
  const resolved: Resolved = { values: [], notifications: [] };
  for (const object of objects) {
    const table = `${prefix}${object.table}`;
    if (!isKnown(table)) return getValues("fetch", [table]);
    const instanceKey = instanceKeyOf(table, object);
    const instance = findInstance(table, instanceKey, object, known, memory);
    if (instance === undefined) {
      const rpc: AcsMessage = { method: "AddObject", objectName: table, parameterKey: key };
      return { kind: "rpc", purpose: "add", table, instanceKey, rpc };
    }
    resolved.values.push(
      ...object.parameterValues.map((p) => ({ ...p, name: `${instance}${p.name}` })),
      ...(object.referencedBy ?? []).map((name) => ({
        name,
        value: instance.slice(0, -1),
        type: "string",
      })),
    );
    resolved.notifications.push(
      ...(object.notifications ?? []).map((n) => ({ ...n, name: `${instance}${n.name}` })),
    );
    const nested = resolveObjects(object.objects ?? [], { ...context, prefix: instance });
    if ("kind" in nested) return nested;
    resolved.values.push(...nested.values);
    resolved.notifications.push(...nested.notifications);
  }
  return resolved;
}

/** Two desired objects of one table (two Server entries) are told apart by their match. */
export function instanceKeyOf(table: string, object: DesiredObject): string {
  const match = Object.entries(object.match)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join("&");
  return match === "" ? table : `${table}?${match}`;
}

function getValues(purpose: "probe" | "fetch", names: readonly string[]): ProfileStep {
  return rpc(purpose, { method: "GetParameterValues", parameterNames: [...new Set(names)] });
}

function rpc(purpose: StepPurpose, message: AcsMessage): ProfileStep {
  return { kind: "rpc", purpose, rpc: message };
}

/**
 * A path counts as known once its value was learned, anything below it was
 * learned, or it (or an object above it) was fetched in this generation
 * (an empty table or a fresh instance has nothing to learn).
 */
function knownTest(known: Knowledge, memory: ProfileMemory): (path: string) => boolean {
  return (path) => {
    const below = (fetched: string) => fetched.endsWith(".") && path.startsWith(fetched);
    if (memory.fetched.some((fetched) => path === fetched || below(fetched))) return true;
    if (!path.endsWith(".")) return known.get(path)?.value !== undefined;
    for (const name of known.keys())
      if (name.startsWith(path) && name.length > path.length) return true;
    return false;
  };
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
 * else the one this profile created or chose earlier in this generation;
 * else, when the CPE refused AddObject (fixed instances, fault 9005), its
 * first instance; else none (AddObject next).
 */
function findInstance(
  table: string,
  instanceKey: string,
  object: DesiredObject,
  known: Knowledge,
  memory: ProfileMemory,
): string | undefined {
  const instances = instancesOf(table, known);
  const matching = instances.find((instance) =>
    Object.entries(object.match).every(
      ([relative, value]) => known.get(`${instance}${relative}`)?.value === value,
    ),
  );
  if (matching) return matching;
  const remembered = memory.instances[instanceKey];
  if (remembered !== undefined) return remembered;
  if (memory.addObjectRefused.includes(table)) return instances[0];
  return undefined;
}
