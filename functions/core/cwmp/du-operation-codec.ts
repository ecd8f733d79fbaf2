import { escapeXml } from "../xml/escape-xml.ts";
import {
  asList,
  asObject,
  attribute,
  child,
  childNames,
  localName,
  type XmlValue,
} from "../xml/xml-node.ts";
import type { DuOperation } from "./acs-messages.ts";
import { InvalidCwmpArgumentError } from "./cwmp-errors.ts";
import { type Codec, name, str, struct } from "./schema.ts";

/**
 * ChangeDUState's Operations (TR-069 A.4.1.10). The cwmp-1-2 schema declares `Operations` as
 * an element of the abstract OperationStruct, repeated once per operation (minOccurs 1,
 * maxOccurs unbounded), each naming its concrete type: `<Operations
 * xsi:type="cwmp:InstallOpStruct"><URL>…</URL>…</Operations>`. We emit that form; on input we
 * also accept the SOAP-array form of the Annex A table (`<Operations
 * soap-enc:arrayType="cwmp:OperationStruct[n]"><InstallOpStruct>…`) that some agents use.
 */
const install = struct<Omit<Extract<DuOperation, { operation: "InstallOpStruct" }>, "operation">>({
  url: ["URL", name],
  uuid: ["UUID", name],
  username: ["Username", str],
  password: ["Password", str],
  executionEnvRef: ["ExecutionEnvRef", name],
});
const update = struct<Omit<Extract<DuOperation, { operation: "UpdateOpStruct" }>, "operation">>({
  uuid: ["UUID", name],
  version: ["Version", str],
  url: ["URL", name],
  username: ["Username", str],
  password: ["Password", str],
});
const uninstall = struct<
  Omit<Extract<DuOperation, { operation: "UninstallOpStruct" }>, "operation">
>({
  uuid: ["UUID", name],
  version: ["Version", str],
  executionEnvRef: ["ExecutionEnvRef", name],
});

/** `<tag xsi:type="cwmp:<struct>">…</tag>`: the struct's element with its concrete type named. */
function typed(tag: string, encoded: string, operation: DuOperation["operation"]): string {
  return `<${tag} xsi:type="cwmp:${operation}">${encoded.slice(tag.length + 2)}`;
}

function encodeOperation(tag: string, op: DuOperation): string {
  switch (op.operation) {
    case "InstallOpStruct":
      return typed(tag, install.encode(tag, op), op.operation);
    case "UpdateOpStruct":
      return typed(tag, update.encode(tag, op), op.operation);
    case "UninstallOpStruct":
      return typed(tag, uninstall.encode(tag, op), op.operation);
  }
}

function decodeOperation(kind: string, node: XmlValue, path: string): DuOperation {
  switch (kind) {
    case "InstallOpStruct":
      return { operation: kind, ...install.decode(node, path) };
    case "UpdateOpStruct":
      return { operation: kind, ...update.decode(node, path) };
    case "UninstallOpStruct":
      return { operation: kind, ...uninstall.decode(node, path) };
    default:
      throw new InvalidCwmpArgumentError(path, `unknown operation "${kind}"`);
  }
}

const operationKinds = new Set(["InstallOpStruct", "UpdateOpStruct", "UninstallOpStruct"]);

/** One `<Operations>` element: typed by xsi:type (the schema's form) or an array of structs. */
function decodeOperationsElement(node: XmlValue, path: string): DuOperation[] {
  const kind = localName(attribute(node, "type") ?? "");
  if (operationKinds.has(kind)) return [decodeOperation(kind, node, `${path}/${kind}`)];
  const container = asObject(node);
  if (!container) return [];
  const out: DuOperation[] = [];
  for (const qname of childNames(container)) {
    for (const entry of asList(container[qname])) {
      const inner = attribute(entry, "type");
      const kind = inner ? localName(inner) : localName(qname);
      out.push(decodeOperation(kind, entry, `${path}/${escapeXml(kind)}`));
    }
  }
  return out;
}

export const duOperations: Codec<readonly DuOperation[]> = {
  encode: (tag, ops) => ops.map((op) => encodeOperation(tag, op)).join(""),
  decode: (node, path) => asList(node).flatMap((entry) => decodeOperationsElement(entry, path)),
};

/**
 * DUStateChangeComplete's and AutonomousDUStateChangeComplete's Results (TR-069 A.4.2.1,
 * A.4.2.2): the cwmp-1-2 schema repeats `<Results>` once per operation, each holding the
 * struct's fields. On input we also accept one `<Results>` holding an array of `itemTag`
 * entries, the form of the Annex A table.
 */
export function repeatedResults<T>(itemTag: string, item: Codec<T>): Codec<readonly T[]> {
  return {
    encode: (tag, values) => values.map((value) => item.encode(tag, value)).join(""),
    decode: (node, path) =>
      asList(node).flatMap((entry) => {
        const nested = child(entry, itemTag);
        if (nested === undefined) return [item.decode(entry, path)];
        return asList(nested).map((inner) => item.decode(inner, `${path}/${itemTag}`));
      }),
  };
}
