import { escapeXml } from "../xml/escape-xml.ts";
import { renderXml } from "../xml/render-xml.ts";
import {
  asList,
  asObject,
  child,
  isElementKey,
  localName,
  textOf,
  type XmlValue,
} from "../xml/xml-node.ts";
import type { CwmpFault, SetParameterValuesFaultEntry } from "./cpe-messages.ts";
import { type Codec, name, str, struct, uint } from "./schema.ts";

/**
 * SOAP Fault with a cwmp:Fault detail (TR-069 A.5). The same shape serves
 * ACS faults (8000-8006) and CPE faults (9000-9899), the latter optionally
 * listing per-parameter SetParameterValuesFault entries (A.5.1).
 */
const spvFaultEntry = struct<SetParameterValuesFaultEntry>({
  parameterName: ["ParameterName", name],
  faultCode: ["FaultCode", uint],
  faultString: ["FaultString", str],
});

export const faultCodec: Codec<Omit<CwmpFault, "method">> = {
  encode: (tag, fault) => {
    const entries = fault.setParameterValuesFault
      .map((entry) => spvFaultEntry.encode("SetParameterValuesFault", entry))
      .join("");
    const detail =
      `<cwmp:Fault><FaultCode>${fault.faultCode}</FaultCode>` +
      `<FaultString>${escapeXml(fault.faultString)}</FaultString>${entries}</cwmp:Fault>`;
    return (
      `<${tag}><faultcode>${escapeXml(fault.faultcode)}</faultcode>` +
      `<faultstring>${escapeXml(fault.faultstring)}</faultstring>` +
      `<detail>${detail}</detail></${tag}>`
    );
  },
  decode: (node, path) => {
    const soap = {
      faultcode: localName(textOf(child(node, "faultcode")).trim()),
      faultstring: textOf(child(node, "faultstring")).trim(),
    };
    const detail = findCwmpFault(node);
    if (detail === undefined) {
      return unparseable(node, soap, "no cwmp:Fault with a FaultCode in the SOAP Fault");
    }
    const codeText = textOf(child(detail, "FaultCode")).trim();
    const code = faultCodeOf(codeText);
    if (code === undefined) {
      return unparseable(node, soap, `FaultCode ${JSON.stringify(codeText)} is not a fault code`);
    }
    return {
      ...soap,
      faultCode: code,
      faultString: textOf(child(detail, "FaultString")),
      setParameterValuesFault: spvEntries(child(detail, "SetParameterValuesFault"), path),
    };
  },
};

/** How much of an unreadable SOAP Fault is kept: enough to diagnose, bounded for logs and stores. */
const maxRawFaultChars = 2048;

/**
 * The cwmp:Fault element (A.5): at `detail/cwmp:Fault` as the schema says, else the first
 * element, at any depth and in document order, that has a FaultCode child. Agents in the
 * field nest `detail` inside `faultstring`; the real 9003/9005/9008 is still there.
 */
function findCwmpFault(node: XmlValue | undefined): XmlValue | undefined {
  const standard = child(child(node, "detail"), "Fault");
  if (child(standard, "FaultCode") !== undefined) return standard;
  return findWithFaultCode(node);
}

function findWithFaultCode(value: XmlValue | undefined): XmlValue | undefined {
  const element = asObject(value);
  if (element === undefined) return undefined;
  if (child(element, "FaultCode") !== undefined) return element;
  for (const key of Object.keys(element).filter(isElementKey)) {
    for (const item of asList(element[key])) {
      const found = findWithFaultCode(item);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/** CWMP fault codes are positive (8000-8006, 9000-9899, A.5.1); anything else is not one. */
function faultCodeOf(text: string): number | undefined {
  if (!/^\d{1,10}$/.test(text)) return undefined;
  const code = Number(text);
  return code >= 1 && code <= 4294967295 ? code : undefined;
}

function unparseable(
  node: XmlValue | undefined,
  soap: Pick<CwmpFault, "faultcode" | "faultstring">,
  why: string,
): Omit<CwmpFault, "method"> {
  return {
    ...soap,
    faultCode: 0,
    faultString: `unparseable fault: ${why}`,
    setParameterValuesFault: [],
    unparseable: { raw: renderXml("Fault", node, maxRawFaultChars) },
  };
}

function spvEntries(nodes: XmlValue | undefined, path: string): SetParameterValuesFaultEntry[] {
  return asList(nodes).map((entry) =>
    spvFaultEntry.decode(entry, `${path}/detail/Fault/SetParameterValuesFault`),
  );
}

/**
 * TR-069 A.5.1 tables: invalid arguments and bad parameter names, types,
 * values or writability blame the sender ("Client"); everything else is a
 * "Server" fault.
 */
const clientFaults = new Set([8003, 9003, 9005, 9006, 9007, 9008]);

export function soapFaultCodeFor(cwmpFaultCode: number): "Client" | "Server" {
  return clientFaults.has(cwmpFaultCode) ? "Client" : "Server";
}
