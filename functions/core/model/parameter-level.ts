/** An object path (ends in '.') below a level, with how many stored parameters lie under it. */
export interface ObjectSummary {
  readonly name: string;
  readonly parameters: number;
}

export interface ParameterLevel<P> {
  /** Parameters at most `depth` levels below the prefix (objects' own entries excluded). */
  readonly parameters: readonly P[];
  /** Objects exactly `depth` levels below the prefix, in name order. */
  readonly objects: readonly ObjectSummary[];
}

/**
 * Cuts the parameters under `prefix` to the `depth` levels below it and names the objects where
 * the cut falls, so a caller can show one level of a 10,000-parameter tree and fetch an object's
 * level when it is opened. Names follow TR-069 A.3.2.2: an object path ends in '.', a parameter
 * does not; an object's own entry (from GetParameterNames) counts as that object, not as a row.
 */
export function parameterLevel<P extends { readonly name: string }>(
  parameters: readonly P[],
  prefix: string,
  depth: number,
): ParameterLevel<P> {
  const shown: P[] = [];
  const counts = new Map<string, number>();
  for (const parameter of parameters) {
    if (!parameter.name.startsWith(prefix)) continue;
    const segments = parameter.name.slice(prefix.length).split(".");
    const isObject = parameter.name.endsWith(".");
    const levels = isObject ? segments.length - 1 : segments.length;
    if (levels === 0) continue;
    if (levels <= depth && !isObject) {
      shown.push(parameter);
      continue;
    }
    if (levels < depth) continue;
    const object = `${prefix}${segments.slice(0, depth).join(".")}.`;
    counts.set(object, (counts.get(object) ?? 0) + (isObject ? 0 : 1));
  }
  const objects = [...counts].map(([name, count]) => ({ name, parameters: count }));
  objects.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { parameters: shown, objects };
}
