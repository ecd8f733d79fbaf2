import { escapeXml } from "../xml/escape-xml.ts";
import type { XmlDocument } from "../xml/parse-xml.ts";
import {
  asObject,
  child,
  childNames,
  extendScope,
  localName,
  type NsScope,
  namespaceOf,
  textOf,
  type XmlValue,
} from "../xml/xml-node.ts";
import {
  type EnvelopeContext,
  InvalidCwmpArgumentError,
  NotSoapEnvelopeError,
  UnknownCwmpMethodError,
  UnsupportedCwmpVersionError,
} from "./cwmp-errors.ts";
import {
  type CwmpNamespace,
  isCwmpNamespace,
  soapEncodingNs,
  soapEnvelopeNs,
  xsdNs,
  xsiNs,
} from "./namespaces.ts";
import type { Codec } from "./schema.ts";

/** SOAP Header entries of TR-069 section 3.5 (Table 6). */
export interface EnvelopeHeader {
  /** cwmp:ID: echoed in the matching response. */
  readonly id?: string;
  /** HoldRequests=true: the ACS must not send its own requests for now. */
  readonly holdRequests?: boolean;
  /** NoMoreRequests (deprecated, sent by old CPEs). */
  readonly noMoreRequests?: boolean;
  /** cwmp-1-4: CPE's list, e.g. "1.0,1.1,1.2,1.3,1.4". */
  readonly supportedCwmpVersions?: string;
  /** cwmp-1-4: the version the ACS chose. */
  readonly useCwmpVersion?: string;
}

/** One decoded SOAP envelope; `body` null means an empty Body (same as an empty POST). */
export interface CwmpEnvelope<M> {
  readonly cwmpNamespace: CwmpNamespace;
  readonly header: EnvelopeHeader;
  readonly body: M | null;
}

type CodecTable = Readonly<Record<string, Codec<object>>>;

const defaultNamespace: CwmpNamespace = "urn:dslforum-org:cwmp-1-0";

/** Reads a parsed document as a CWMP envelope, decoding the body with `codecs`. */
export function decodeEnvelope<M extends { method: string }>(
  doc: XmlDocument,
  codecs: CodecTable,
): CwmpEnvelope<M> {
  const rootScope = extendScope(new Map(), doc.root);
  if (
    localName(doc.rootName) !== "Envelope" ||
    namespaceOf(rootScope, doc.rootName) !== soapEnvelopeNs
  ) {
    throw new NotSoapEnvelopeError(`root element is ${doc.rootName}, not a SOAP 1.1 Envelope`);
  }
  const headerNode = child(doc.root, "Header");
  const headerScope = extendScope(rootScope, headerNode);
  const header = decodeHeader(headerNode);
  const bodyNode = child(doc.root, "Body");
  if (bodyNode === undefined) throw new NotSoapEnvelopeError("SOAP Envelope has no Body");
  const bodyScope = extendScope(rootScope, bodyNode);
  const [methodQName] = childNames(bodyNode);
  const fallbackNs = headerNamespace(headerNode, headerScope) ?? declaredCwmpNamespace(rootScope);
  if (methodQName === undefined) {
    return { cwmpNamespace: fallbackNs ?? defaultNamespace, header, body: null };
  }
  const methodNode = asObject(bodyNode)?.[methodQName];
  const methodScope = extendScope(bodyScope, methodNode);
  const uri = namespaceOf(methodScope, methodQName);
  const method = localName(methodQName);
  const isFault = method === "Fault" && uri === soapEnvelopeNs;
  const cwmpNamespace = isFault || uri === "" ? (fallbackNs ?? defaultNamespace) : uri;
  if (!isCwmpNamespace(cwmpNamespace)) throw new UnsupportedCwmpVersionError(cwmpNamespace);
  const context: EnvelopeContext = { cwmpNamespace, id: header.id };
  const codec = Object.hasOwn(codecs, method) ? codecs[method] : undefined;
  if (!codec) throw new UnknownCwmpMethodError(method, context);
  try {
    const body = { method, ...codec.decode(methodNode, method) } as unknown as M;
    return { cwmpNamespace, header, body };
  } catch (error) {
    if (error instanceof InvalidCwmpArgumentError && !error.envelope) {
      throw new InvalidCwmpArgumentError(error.path, error.reason, context);
    }
    throw error;
  }
}

function decodeHeader(node: XmlValue | undefined): EnvelopeHeader {
  if (asObject(node) === undefined) return {};
  const header: { -readonly [K in keyof EnvelopeHeader]: EnvelopeHeader[K] } = {};
  const id = child(node, "ID");
  if (id !== undefined) header.id = textOf(id).trim();
  const hold = child(node, "HoldRequests");
  if (hold !== undefined) header.holdRequests = isTrue(textOf(hold));
  const noMore = child(node, "NoMoreRequests");
  if (noMore !== undefined) header.noMoreRequests = isTrue(textOf(noMore));
  const supported = child(node, "SupportedCWMPVersions");
  if (supported !== undefined) header.supportedCwmpVersions = textOf(supported).trim();
  const use = child(node, "UseCWMPVersion");
  if (use !== undefined) header.useCwmpVersion = textOf(use).trim();
  return header;
}

function isTrue(text: string): boolean {
  const value = text.trim().toLowerCase();
  return value === "1" || value === "true";
}

/** The cwmp namespace of the first namespaced header entry (e.g. cwmp:ID). */
function headerNamespace(node: XmlValue | undefined, scope: NsScope): CwmpNamespace | undefined {
  for (const qname of childNames(node)) {
    const uri = namespaceOf(extendScope(scope, asObject(node)?.[qname]), qname);
    if (isCwmpNamespace(uri)) return uri;
  }
  return undefined;
}

function declaredCwmpNamespace(scope: NsScope): CwmpNamespace | undefined {
  for (const uri of scope.values()) if (isCwmpNamespace(uri)) return uri;
  return undefined;
}

/** Options for what we emit. */
export interface EncodeOptions {
  /** Prepend `<?xml version="1.0" encoding="UTF-8"?>` (off: some agents choke on it). */
  readonly xmlDeclaration?: boolean;
}

/**
 * Writes one compact envelope: no whitespace between elements (some CPE
 * agents crash on it), every text escaped, namespaces declared once.
 */
export function encodeEnvelope<M extends { method: string }>(
  envelope: CwmpEnvelope<M>,
  codecs: CodecTable,
  faultCodec: Codec<object>,
  options: EncodeOptions = {},
): string {
  const { body } = envelope;
  let content = "";
  if (body !== null) {
    content =
      body.method === "Fault"
        ? faultCodec.encode("soap-env:Fault", body)
        : codecFor(codecs, body.method).encode(`cwmp:${body.method}`, body);
  }
  return (
    (options.xmlDeclaration ? '<?xml version="1.0" encoding="UTF-8"?>' : "") +
    `<soap-env:Envelope xmlns:soap-env="${soapEnvelopeNs}" xmlns:soap-enc="${soapEncodingNs}"` +
    ` xmlns:xsd="${xsdNs}" xmlns:xsi="${xsiNs}" xmlns:cwmp="${envelope.cwmpNamespace}">` +
    encodeHeader(envelope.header) +
    `<soap-env:Body>${content}</soap-env:Body></soap-env:Envelope>`
  );
}

function codecFor(codecs: CodecTable, method: string): Codec<object> {
  const codec = Object.hasOwn(codecs, method) ? codecs[method] : undefined;
  if (!codec) throw new UnknownCwmpMethodError(method);
  return codec;
}

const mustUnderstand = ' soap-env:mustUnderstand="1"';

function encodeHeader(header: EnvelopeHeader): string {
  let entries = "";
  if (header.id !== undefined)
    entries += `<cwmp:ID${mustUnderstand}>${escapeXml(header.id)}</cwmp:ID>`;
  if (header.holdRequests !== undefined) {
    entries += `<cwmp:HoldRequests${mustUnderstand}>${header.holdRequests ? 1 : 0}</cwmp:HoldRequests>`;
  }
  if (header.noMoreRequests !== undefined) {
    entries += `<cwmp:NoMoreRequests>${header.noMoreRequests ? 1 : 0}</cwmp:NoMoreRequests>`;
  }
  if (header.supportedCwmpVersions !== undefined) {
    entries += `<cwmp:SupportedCWMPVersions>${escapeXml(header.supportedCwmpVersions)}</cwmp:SupportedCWMPVersions>`;
  }
  if (header.useCwmpVersion !== undefined) {
    entries += `<cwmp:UseCWMPVersion${mustUnderstand}>${escapeXml(header.useCwmpVersion)}</cwmp:UseCWMPVersion>`;
  }
  return entries === "" ? "" : `<soap-env:Header>${entries}</soap-env:Header>`;
}
