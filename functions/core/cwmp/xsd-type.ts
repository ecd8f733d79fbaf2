/**
 * The xsi:type of a parameter value (TR-069 A.3.2.1). Values keep the type
 * the CPE reported so that they can be written back with the same type.
 */
export const knownXsdTypes = [
  "string",
  "int",
  "unsignedInt",
  "boolean",
  "dateTime",
  "base64",
  "long",
  "unsignedLong",
  "hexBinary",
] as const;

export type KnownXsdType = (typeof knownXsdTypes)[number];

/** A known type, or whatever other local type name a CPE sent (kept verbatim). */
export type XsdType = KnownXsdType | (string & {});

const known = new Set<string>(knownXsdTypes);

/**
 * Normalises a reported type: drops the prefix (xsd:, xs:, soap-enc:, any
 * schema year), the length facet some agents append ("xsd:string(256)"),
 * and maps "base64Binary" to CWMP's "base64". Missing means string (A.3.2.1
 * says untyped values are strings).
 */
export function normalizeXsdType(raw: string | undefined): XsdType {
  if (raw === undefined) return "string";
  let type = raw.trim();
  const colon = type.indexOf(":");
  if (colon !== -1) type = type.slice(colon + 1);
  const paren = type.indexOf("(");
  if (paren !== -1) type = type.slice(0, paren).trim();
  if (type === "") return "string";
  if (type === "base64Binary") return "base64";
  if (known.has(type)) return type;
  const folded = knownXsdTypes.find((name) => name.toLowerCase() === type.toLowerCase());
  return folded ?? type;
}

/** A parameter value with its type: the unit of GetParameterValues/SetParameterValues. */
export interface ParameterValue {
  readonly name: string;
  readonly value: string;
  readonly type: XsdType;
}
