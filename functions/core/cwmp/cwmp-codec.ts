import { createXmlParser, type XmlDocument } from "../xml/parse-xml.ts";
import {
  ForbiddenXmlConstructError,
  MalformedXmlError,
  XmlLimitExceededError,
} from "../xml/xml-errors.ts";
import { defaultXmlLimits, type XmlLimits } from "../xml/xml-limits.ts";
import { acsCodecs } from "./acs-codecs.ts";
import type { AcsMessage } from "./acs-messages.ts";
import { bodyText } from "./body-text.ts";
import { cpeCodecs } from "./cpe-codecs.ts";
import type { CpeMessage } from "./cpe-messages.ts";
import { CwmpMalformedBodyError } from "./cwmp-errors.ts";
import {
  type CwmpEnvelope,
  decodeEnvelope,
  type EncodeOptions,
  encodeEnvelope,
} from "./envelope.ts";
import { faultCodec } from "./fault-codec.ts";
import type { Codec } from "./schema.ts";

export interface CwmpCodecOptions extends EncodeOptions {
  readonly limits?: Partial<XmlLimits>;
}

/**
 * The CWMP SOAP codec, both directions and both roles: the ACS decodes
 * CPE messages and encodes its own; the CPE simulator does the reverse.
 * Pure: no I/O, no clock.
 */
export interface CwmpCodec {
  /** HTTP body bytes (gzip/deflate as declared) to text, within the size bound. */
  bodyText(bytes: Uint8Array, contentEncoding?: string): string;
  decodeCpeMessage(text: string): CwmpEnvelope<CpeMessage>;
  encodeAcsMessage(envelope: CwmpEnvelope<AcsMessage>): string;
  decodeAcsMessage(text: string): CwmpEnvelope<AcsMessage>;
  encodeCpeMessage(envelope: CwmpEnvelope<CpeMessage>): string;
}

const fault = faultCodec as Codec<object>;
const cpeTable = cpeCodecs as unknown as Readonly<Record<string, Codec<object>>>;
const acsTable = acsCodecs as unknown as Readonly<Record<string, Codec<object>>>;

export function createCwmpCodec(options: CwmpCodecOptions = {}): CwmpCodec {
  const limits: XmlLimits = { ...defaultXmlLimits, ...options.limits };
  const parse = createXmlParser(limits);
  const cpeDecoders = { ...cpeTable, Fault: fault };
  const acsDecoders = { ...acsTable, Fault: fault };
  return {
    bodyText: (bytes, contentEncoding) =>
      wrapXmlErrors(() => bodyText(bytes, contentEncoding, limits.maxChars)),
    decodeCpeMessage: (text) => decodeEnvelope<CpeMessage>(parseOrThrow(parse, text), cpeDecoders),
    decodeAcsMessage: (text) => decodeEnvelope<AcsMessage>(parseOrThrow(parse, text), acsDecoders),
    encodeAcsMessage: (envelope) => encodeEnvelope(envelope, acsTable, fault, options),
    encodeCpeMessage: (envelope) => encodeEnvelope(envelope, cpeTable, fault, options),
  };
}

function parseOrThrow(parse: (text: string) => XmlDocument, text: string): XmlDocument {
  return wrapXmlErrors(() => parse(text));
}

/** XML-layer failures all mean "malformed body" to CWMP; the cause keeps the detail. */
function wrapXmlErrors<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (
      error instanceof MalformedXmlError ||
      error instanceof ForbiddenXmlConstructError ||
      error instanceof XmlLimitExceededError
    ) {
      throw new CwmpMalformedBodyError(error.message, { cause: error });
    }
    throw error;
  }
}
