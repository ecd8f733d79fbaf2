/**
 * Navigation over fast-xml-parser's object tree. Elements are matched by
 * local name (prefixes vary between CPE agents); where the namespace matters
 * (Envelope, Header, Body, the CWMP method) callers resolve it with a scope.
 */

/** A parsed element: child elements by qualified name, "@_x" attributes, "#text". */
export interface XmlObject {
  [key: string]: XmlValue;
}
export type XmlValue = string | XmlObject | XmlValue[];

/** Prefix to namespace URI; "" is the default namespace. */
export type NsScope = ReadonlyMap<string, string>;

const attrPrefix = "@_";
const textKey = "#text";

export function localName(qname: string): string {
  const colon = qname.indexOf(":");
  return colon === -1 ? qname : qname.slice(colon + 1);
}

export function prefixOf(qname: string): string {
  const colon = qname.indexOf(":");
  return colon === -1 ? "" : qname.slice(0, colon);
}

export function isElementKey(key: string): boolean {
  return !key.startsWith(attrPrefix) && key !== textKey;
}

/** Qualified names of the child elements of a node, in document order. */
export function childNames(value: XmlValue | undefined): string[] {
  const node = asObject(value);
  return node ? Object.keys(node).filter(isElementKey) : [];
}

export function asObject(value: XmlValue | undefined): XmlObject | undefined {
  if (Array.isArray(value)) return asObject(value[0]);
  return typeof value === "object" ? value : undefined;
}

/** The value(s) of the first child group whose local name matches. */
export function child(value: XmlValue | undefined, local: string): XmlValue | undefined {
  const node = asObject(value);
  if (!node) return undefined;
  if (Object.hasOwn(node, local)) return node[local];
  const suffix = `:${local}`;
  for (const key in node) {
    if (key.endsWith(suffix) && isElementKey(key)) return node[key];
  }
  return undefined;
}

/** Repeated elements come back as an array, single ones as a value: normalise. */
export function asList(value: XmlValue | undefined): XmlValue[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** Text content; an element with attributes keeps its text under "#text". */
export function textOf(value: XmlValue | undefined): string {
  if (value === undefined) return "";
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return textOf(value[0]);
  const text = value[textKey];
  return typeof text === "string" ? text : "";
}

/** An attribute by local name, whatever its prefix. */
export function attribute(value: XmlValue | undefined, local: string): string | undefined {
  const node = asObject(value);
  if (!node) return undefined;
  const suffix = `:${local}`;
  for (const key in node) {
    if (!key.startsWith(attrPrefix)) continue;
    const name = key.slice(attrPrefix.length);
    if (name === local || name.endsWith(suffix)) {
      const found = node[key];
      return typeof found === "string" ? found : undefined;
    }
  }
  return undefined;
}

/** The scope inside an element: its xmlns declarations over the parent's. */
export function extendScope(parent: NsScope, value: XmlValue | undefined): NsScope {
  const node = asObject(value);
  if (!node) return parent;
  let scope: Map<string, string> | undefined;
  for (const key in node) {
    if (!key.startsWith("@_xmlns")) continue;
    const uri = node[key];
    if (typeof uri !== "string") continue;
    const prefix = key === "@_xmlns" ? "" : key.startsWith("@_xmlns:") ? key.slice(8) : undefined;
    if (prefix === undefined) continue;
    scope ??= new Map(parent);
    scope.set(prefix, uri.trim());
  }
  return scope ?? parent;
}

/** Namespace URI of a qualified element name in a scope ("" when undeclared). */
export function namespaceOf(scope: NsScope, qname: string): string {
  return scope.get(prefixOf(qname)) ?? "";
}
