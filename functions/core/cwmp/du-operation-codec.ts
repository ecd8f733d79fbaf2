import { escapeXml } from "../xml/escape-xml.ts";
import { asObject, attribute, childNames, localName, type XmlValue } from "../xml/xml-node.ts";
import type { DuOperation } from "./acs-messages.ts";
import { InvalidCwmpArgumentError } from "./cwmp-errors.ts";
import { type Codec, name, str, struct } from "./schema.ts";

/**
 * ChangeDUState's Operations (TR-069 A.4.1.10): an array whose entries are
 * InstallOpStruct, UpdateOpStruct or UninstallOpStruct. We emit each entry
 * as an element named after its struct; on input we also accept the
 * `<Operation xsi:type="cwmp:InstallOpStruct">` form some agents use.
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

function encodeOperation(op: DuOperation): string {
  switch (op.operation) {
    case "InstallOpStruct":
      return install.encode(op.operation, op);
    case "UpdateOpStruct":
      return update.encode(op.operation, op);
    case "UninstallOpStruct":
      return uninstall.encode(op.operation, op);
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

export const duOperations: Codec<readonly DuOperation[]> = {
  encode: (tag, ops) => {
    const content = ops.map(encodeOperation).join("");
    return `<${tag} soap-enc:arrayType="cwmp:OperationStruct[${ops.length}]">${content}</${tag}>`;
  },
  decode: (node, path) => {
    const container = asObject(node);
    if (!container) return [];
    const out: DuOperation[] = [];
    for (const qname of childNames(container)) {
      const entries = container[qname];
      for (const entry of Array.isArray(entries) ? entries : [entries]) {
        if (entry === undefined) continue;
        const typed = attribute(entry, "type");
        const kind = typed ? localName(typed) : localName(qname);
        out.push(decodeOperation(kind, entry, `${path}/${escapeXml(kind)}`));
      }
    }
    return out;
  },
};
