import { escapeXml } from "../xml/escape-xml.ts";
import { asList, attribute, child, textOf, type XmlValue } from "../xml/xml-node.ts";
import { InvalidCwmpArgumentError } from "./cwmp-errors.ts";
import { normalizeXsdType, type ParameterValue } from "./xsd-type.ts";

/**
 * A tiny schema language for CWMP structures. One declaration per message
 * gives both its encoder and its decoder, so the two cannot drift apart, and
 * the compiler checks each declaration against the message's interface.
 *
 * CWMP element names are unqualified inside the method element (the cwmp
 * schemas use elementFormDefault="unqualified"); we emit them bare and read
 * them by local name whatever prefix a CPE puts on them.
 */
export interface Codec<T> {
  /** The whole element `<tag ...>...</tag>`. */
  encode(tag: string, value: T): string;
  /** `node` is undefined when the element is absent. `path` names it in errors. */
  decode(node: XmlValue | undefined, path: string): T;
}

export type Infer<C> = C extends Codec<infer T> ? T : never;

const element = (tag: string, content: string, attrs = ""): string =>
  content === "" ? `<${tag}${attrs}></${tag}>` : `<${tag}${attrs}>${content}</${tag}>`;

/** xsd:string; absent means "". */
export const str: Codec<string> = {
  encode: (tag, value) => element(tag, escapeXml(value)),
  decode: (node) => textOf(node),
};

/** A string that names something (parameter path, command key): surrounding blanks dropped. */
export const name: Codec<string> = {
  encode: str.encode,
  decode: (node) => textOf(node).trim(),
};

const integerPattern = /^[+-]?\d+$/;

function integer(min: number, max: number): Codec<number> {
  return {
    encode: (tag, value) => element(tag, String(Math.trunc(value))),
    decode: (node, path) => {
      const text = textOf(node).trim();
      if (text === "") return 0;
      if (!integerPattern.test(text)) throw new InvalidCwmpArgumentError(path, "not an integer");
      const value = Number(text);
      if (value < min || value > max) throw new InvalidCwmpArgumentError(path, "out of range");
      return value;
    },
  };
}

/** xsd:int and xsd:unsignedInt; absent means 0. */
export const int = integer(-2147483648, 2147483647);
export const uint = integer(0, 4294967295);

/** xsd:boolean: "1"/"0"/"true"/"false" in; "true"/"false" out (A.2.1 canonical form). */
export const bool: Codec<boolean> = {
  encode: (tag, value) => element(tag, value ? "true" : "false"),
  decode: (node, path) => {
    const text = textOf(node).trim().toLowerCase();
    if (text === "1" || text === "true") return true;
    if (text === "0" || text === "false" || text === "") return false;
    throw new InvalidCwmpArgumentError(path, "not a boolean");
  },
};

type Fields<T> = { readonly [K in keyof T]-?: readonly [tag: string, codec: Codec<T[K]>] };

/** A sequence of named fields, encoded in declaration order. */
export function struct<T>(fields: Fields<T>): Codec<T> {
  const entries = Object.entries(fields) as [keyof T & string, readonly [string, Codec<unknown>]][];
  return {
    encode: (tag, value) => {
      let content = "";
      for (const [key, [childTag, codec]] of entries) content += codec.encode(childTag, value[key]);
      return element(tag, content);
    },
    decode: (node, path) => {
      const out: Record<string, unknown> = {};
      for (const [key, [childTag, codec]] of entries) {
        out[key] = codec.decode(child(node, childTag), `${path}/${childTag}`);
      }
      return out as T;
    },
  };
}

/**
 * A SOAP-encoded array (TR-069 A.2.1) with soap-enc:arrayType. The declared
 * count is informational: CPEs often get it wrong, so decoding trusts the
 * entries actually present.
 */
export function array<T>(itemTag: string, itemType: string, item: Codec<T>): Codec<readonly T[]> {
  return {
    encode: (tag, values) => {
      let content = "";
      for (const value of values) content += item.encode(itemTag, value);
      return element(tag, content, ` soap-enc:arrayType="${itemType}[${values.length}]"`);
    },
    decode: (node, path) => {
      const items = asList(child(node, itemTag));
      const out: T[] = new Array(items.length);
      for (let i = 0; i < items.length; i++) out[i] = item.decode(items[i], `${path}/${itemTag}`);
      return out;
    },
  };
}

/**
 * ParameterValueStruct (A.3.2.1): Name, and Value with its xsi:type. The
 * value is kept verbatim (no trimming: an SSID may end in a blank).
 */
export const parameterValue: Codec<ParameterValue> = {
  encode: (tag, { name: parameter, value, type }) =>
    element(
      tag,
      element("Name", escapeXml(parameter)) +
        element("Value", escapeXml(value), ` xsi:type="xsd:${escapeXml(type)}"`),
    ),
  decode: (node) => {
    const value = child(node, "Value");
    return {
      name: textOf(child(node, "Name")).trim(),
      value: textOf(value),
      type: normalizeXsdType(attribute(value, "type")),
    };
  },
};

/** Empty argument list: an element with no children. */
export const empty: Codec<Readonly<Record<never, never>>> = {
  encode: (tag) => element(tag, ""),
  decode: () => ({}),
};

/** Wraps an element in one more level, e.g. ParameterAttributeStruct's AccessList. */
export function transform<A, B>(codec: Codec<A>, to: (a: A) => B, from: (b: B) => A): Codec<B> {
  return {
    encode: (tag, value) => codec.encode(tag, from(value)),
    decode: (node, path) => to(codec.decode(node, path)),
  };
}
