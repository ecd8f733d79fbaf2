/**
 * XML namespaces of CWMP. The schemas define cwmp-1-0..1-2; CWMP 1.3 and 1.4
 * reuse cwmp-1-2, yet field devices also send cwmp-1-3 and cwmp-1-4, so all
 * five are accepted and the ACS answers in the one the CPE used.
 */
export const cwmpNamespaces = [
  "urn:dslforum-org:cwmp-1-0",
  "urn:dslforum-org:cwmp-1-1",
  "urn:dslforum-org:cwmp-1-2",
  "urn:dslforum-org:cwmp-1-3",
  "urn:dslforum-org:cwmp-1-4",
] as const;

export type CwmpNamespace = (typeof cwmpNamespaces)[number];

export function isCwmpNamespace(uri: string): uri is CwmpNamespace {
  return (cwmpNamespaces as readonly string[]).includes(uri);
}

/** SOAP 1.1 envelope and encoding namespaces (TR-069 section 3.5). */
export const soapEnvelopeNs = "http://schemas.xmlsoap.org/soap/envelope/";
export const soapEncodingNs = "http://schemas.xmlsoap.org/soap/encoding/";
/** The 2001 schema namespaces; 1999 ones are accepted on input as well. */
export const xsdNs = "http://www.w3.org/2001/XMLSchema";
export const xsiNs = "http://www.w3.org/2001/XMLSchema-instance";
