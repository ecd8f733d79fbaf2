import { readdirSync, readFileSync } from "node:fs";

/** Linux /proc readings for the benchmarks (clock ticks are 10 ms on Linux). */

/** utime + stime of a process (fields 14 and 15 of /proc/<pid>/stat), in ms. */
export function cpuMsOf(pid: number): number {
  const fields = statFields(pid);
  if (fields === undefined) return Number.NaN;
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** The fields after the parenthesised command name; field 3 (state) first. */
function statFields(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  } catch {
    return undefined; // gone meanwhile
  }
}

function commOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, "utf8").trim();
  } catch {
    return "";
  }
}

/**
 * The first descendant of `root` whose command name matches, e.g. the prosody server (a
 * `lua5.x` process under `runuser`) started by the XMPP test harness, which keeps its pid.
 */
export function findDescendant(
  root: number,
  matches: (comm: string) => boolean,
): number | undefined {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    const parent = Number(statFields(pid)?.[1]);
    if (!Number.isInteger(parent)) continue;
    children.set(parent, [...(children.get(parent) ?? []), pid]);
  }
  const queue = [...(children.get(root) ?? [])];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    if (matches(commOf(next))) return next;
    queue.push(...(children.get(next) ?? []));
  }
  return undefined;
}
