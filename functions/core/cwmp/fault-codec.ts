import { escapeXml } from "../xml/escape-xml.ts";
import { asList, child, localName, textOf, type XmlValue } from "../xml/xml-node.ts";
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
    const detail = child(child(node, "detail"), "Fault");
    const code = uint.decode(child(detail, "FaultCode"), `${path}/detail/Fault/FaultCode`);
    return {
      faultcode: localName(textOf(child(node, "faultcode")).trim()),
      faultstring: textOf(child(node, "faultstring")).trim(),
      faultCode: code,
      faultString: textOf(child(detail, "FaultString")),
      setParameterValuesFault: spvEntries(child(detail, "SetParameterValuesFault"), path),
    };
  },
};

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
