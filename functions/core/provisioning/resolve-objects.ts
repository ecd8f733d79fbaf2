import type { AcsMessage } from "../cwmp/acs-messages.ts";
import type { ProfileState } from "../model/profile-state.ts";
import { addable, described, inModel, type Knowledge, parentOf } from "./model-evidence.ts";
import type { DesiredObject, DesiredObjectValue, DesiredValue } from "./profile.ts";

/** The part of ProfileState the planner reads. */
export type ProfileMemory = Pick<
  ProfileState,
  "fetched" | "notificationsSet" | "addObjectRefused" | "instances" | "secretsApplied" | "listed"
>;

/** A step resolving objects needs first: learn something, or create an instance. */
export type ObjectStep =
  | { readonly kind: "fetch"; readonly rpc: AcsMessage }
  | { readonly kind: "add"; readonly table: string; readonly instanceKey: string };

type Notification = { readonly name: string; readonly notification: number };

export interface Resolved {
  readonly values: DesiredValue[];
  readonly notifications: Notification[];
  readonly shape: { present: string[]; absent: string[]; fixed: string[] };
}

interface Context {
  readonly prefix: string;
  readonly known: Knowledge;
  readonly memory: ProfileMemory;
  readonly isKnown: (path: string) => boolean;
}

/**
 * Every object's instance, parents first, with its desired values and
 * notifications made absolute; or the step that must come first (fetch a
 * table, list an object's children, add an instance). Optional tables the
 * model lacks are skipped, never added (that would fault 9005 on every try).
 */
export function resolveObjects(
  objects: readonly DesiredObject[],
  context: Context,
): Resolved | ObjectStep {
  const resolved: Resolved = {
    values: [],
    notifications: [],
    shape: { present: [], absent: [], fixed: [] },
  };
  for (const object of objects) {
    const one = resolveObject(object, context, resolved.shape);
    if ("kind" in one) return one;
    resolved.values.push(...one.values);
    resolved.notifications.push(...one.notifications);
  }
  return resolved;
}

function resolveObject(
  object: DesiredObject,
  context: Context,
  shape: Resolved["shape"],
): Omit<Resolved, "shape"> | ObjectStep {
  const { prefix, known, memory, isKnown } = context;
  const table = `${prefix}${object.table}`;
  if (object.optional && prefix !== "") {
    // The parent instance is described (resolveObject checked it): absence is proven.
    if (!inModel(table, known)) {
      shape.absent.push(table);
      return { values: [], notifications: [] };
    }
    shape.present.push(table);
  }
  if (!isKnown(table)) return fetch({ method: "GetParameterValues", parameterNames: [table] });
  const instanceKey = instanceKeyOf(table, object);
  const found = findInstance(table, instanceKey, object, known, memory);
  if (found.kind !== "instance") return found;
  const instance = found.instance;
  if (addable(table, known, memory.addObjectRefused) === false) shape.fixed.push(table);
  if (isConditional(object) && !described(instance, known, memory.listed)) {
    // A fresh instance: learn which optional parts this model has before setting anything.
    return listSubtree(instance);
  }
  const values = [
    ...object.parameterValues
      .filter((p) => applies(p, instance, known))
      .map(({ onlyIf: _when, ...p }) => ({ ...p, name: `${instance}${p.name}` })),
    ...(object.referencedBy ?? []).map((name) => ({
      name,
      value: instance.slice(0, -1),
      type: "string" as const,
    })),
  ];
  const notifications = (object.notifications ?? []).map((n) => ({
    ...n,
    name: `${instance}${n.name}`,
  }));
  const nested = resolveObjects(object.objects ?? [], { ...context, prefix: instance });
  if ("kind" in nested) return nested;
  shape.present.push(...nested.shape.present);
  shape.absent.push(...nested.shape.absent);
  shape.fixed.push(...nested.shape.fixed);
  return {
    values: [...values, ...nested.values],
    notifications: [...notifications, ...nested.notifications],
  };
}

/** An object whose values or tables depend on the model's variant. */
function isConditional(object: DesiredObject): boolean {
  return (
    (object.objects ?? []).some((nested) => nested.optional === true) ||
    object.parameterValues.some((p) => p.onlyIf !== undefined)
  );
}

function applies(value: DesiredObjectValue, instance: string, known: Knowledge): boolean {
  const present = value.onlyIf?.present ?? [];
  const absent = value.onlyIf?.absent ?? [];
  return (
    present.every((path) => inModel(`${instance}${path}`, known)) &&
    absent.every((path) => !inModel(`${instance}${path}`, known))
  );
}

/** Two desired objects of one table (two Server entries) are told apart by their match. */
export function instanceKeyOf(table: string, object: DesiredObject): string {
  const match = Object.entries(object.match)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join("&");
  return match === "" ? table : `${table}?${match}`;
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

type Found = { readonly kind: "instance"; readonly instance: string } | ObjectStep;

/**
 * The instance to configure: the first whose `match` parameters all hold;
 * else the one this profile created or chose earlier in this generation;
 * else, where the table has instances, AddObject only if the model allows it
 * (learned from GetParameterNames first), otherwise its first instance (fixed
 * instances); else AddObject.
 */
function findInstance(
  table: string,
  instanceKey: string,
  object: DesiredObject,
  known: Knowledge,
  memory: ProfileMemory,
): Found {
  const instances = instancesOf(table, known);
  const matching = instances.find((instance) =>
    Object.entries(object.match).every(
      ([relative, value]) => known.get(`${instance}${relative}`)?.value === value,
    ),
  );
  if (matching) return { kind: "instance", instance: matching };
  const remembered = memory.instances[instanceKey];
  if (remembered !== undefined) return { kind: "instance", instance: remembered };
  const first = instances[0];
  if (first !== undefined) {
    const canAdd = addable(table, known, memory.addObjectRefused);
    if (canAdd === false) return { kind: "instance", instance: first };
    const parent = parentOf(table);
    if (canAdd === undefined && !(memory.listed ?? []).includes(parent)) {
      return listSubtree(parent);
    }
  }
  return { kind: "add", table, instanceKey };
}

function fetch(rpc: AcsMessage): ObjectStep {
  return { kind: "fetch", rpc };
}

/**
 * GetParameterNames NextLevel false (TR-069 A.3.2.2): every parameter and
 * object below, objects with their Writable flag (AddObject allowed). Whole,
 * so one answer also tells the nested tables' shape and addability.
 */
function listSubtree(object: string): ObjectStep {
  return fetch({ method: "GetParameterNames", parameterPath: object, nextLevel: false });
}
