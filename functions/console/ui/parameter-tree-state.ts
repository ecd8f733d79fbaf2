/** One stored parameter as a tree level lists it. */
export interface TreeLeaf {
  readonly name: string;
  readonly value?: string;
  readonly type?: string;
  readonly writable?: boolean;
  readonly learnedAt: string;
}

/** One level of the tree: an object's own parameters and its child objects. */
export interface TreeLevel {
  readonly parameters: readonly TreeLeaf[];
  readonly objects: readonly { readonly name: string; readonly parameters: number }[];
}

/** The last path segment of a name, as the tree labels it ("Device.WiFi." -> "WiFi."). */
export function shortName(name: string, parent: string): string {
  return name.startsWith(parent) ? name.slice(parent.length) : name;
}

/**
 * The open nodes whose levels a refresh of `prefix` may have changed: the node itself and every
 * open node under it (a GetParameterValues of a partial path answers the whole subtree, TR-069
 * A.3.2.2), parents before children.
 */
export function levelsUnder(open: ReadonlySet<string>, prefix: string): string[] {
  return [...open].filter((node) => node.startsWith(prefix)).sort();
}

/**
 * The leaves of `after` whose value or learnedAt differs from `before`, so the tree can mark what
 * a refresh brought in. A leaf new to the level counts as changed.
 */
export function changedLeaves(before: TreeLevel | undefined, after: TreeLevel): Set<string> {
  const known = new Map(before?.parameters.map((leaf) => [leaf.name, leaf]));
  const changed = new Set<string>();
  for (const leaf of after.parameters) {
    const old = known.get(leaf.name);
    if (!old || old.value !== leaf.value || old.learnedAt !== leaf.learnedAt)
      changed.add(leaf.name);
  }
  return changed;
}
