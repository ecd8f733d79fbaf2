import type { StoredParameter } from "../model/device.ts";

/** What the ACS knows of one device when it plans: parameters by name. */
export type Knowledge = ReadonlyMap<string, StoredParameter>;

/**
 * Whether the device's data model has `path`, from positive evidence only: a
 * value or a GetParameterNames entry at or below it, or, for a table, its
 * NumberOfEntries parameter in the parent object (TR-106 3.2: every table has
 * one, so an empty table is proven too). Never inferred from a missing fault:
 * some CPEs leave unknown paths out of a GetParameterValues answer.
 */
export function inModel(path: string, known: Knowledge): boolean {
  if (known.has(path)) return true;
  if (!path.endsWith(".")) return false;
  return knownBelow(path, known) || known.has(`${path.slice(0, -1)}NumberOfEntries`);
}

/** Something at a path below `object` was learned. */
export function knownBelow(object: string, known: Knowledge): boolean {
  for (const name of known.keys()) {
    if (name.startsWith(object) && name.length > object.length) return true;
  }
  return false;
}

/**
 * An instance's own shape is known (so a missing child is proven missing):
 * GetParameterNames listed it, or something below it was learned.
 */
export function described(
  instance: string,
  known: Knowledge,
  listed: readonly string[] | undefined,
): boolean {
  return (listed ?? []).includes(instance) || knownBelow(instance, known);
}

/**
 * Whether AddObject may create instances of `table`: the Writable flag of a
 * GetParameterNames entry for an object says so (TR-069 A.3.2.2), a refused
 * AddObject says no; undefined while unknown.
 */
export function addable(
  table: string,
  known: Knowledge,
  refused: readonly string[],
): boolean | undefined {
  if (refused.includes(table)) return false;
  return known.get(table)?.writable;
}

/** "Device.XMPP.Connection.1.Server." -> "Device.XMPP.Connection.1.". */
export function parentOf(path: string): string {
  const trimmed = path.endsWith(".") ? path.slice(0, -1) : path;
  return trimmed.slice(0, trimmed.lastIndexOf(".") + 1);
}
