import { XmlLimitExceededError } from "../xml/xml-errors.ts";
import {
  CwmpBodyEncodingError,
  CwmpMalformedBodyError,
  type EnvelopeContext,
  InvalidCwmpArgumentError,
  NotSoapEnvelopeError,
  UnknownCwmpMethodError,
  UnsupportedCwmpVersionError,
} from "./cwmp-errors.ts";

/**
 * How the ACS answers a body it could not decode. Malformed input gets a
 * plain HTTP error and changes nothing; a readable envelope asking for
 * something wrong gets a CWMP fault (TR-069 A.5.1) in the CPE's namespace.
 */
export type DecodeErrorAnswer =
  | { readonly kind: "http"; readonly status: 400 | 413 | 415; readonly reason: string }
  | {
      readonly kind: "fault";
      readonly faultCode: 8000 | 8003 | 8006;
      readonly faultString: string;
      readonly envelope: EnvelopeContext;
    };

export function decodeErrorAnswer(error: unknown): DecodeErrorAnswer | undefined {
  if (error instanceof UnknownCwmpMethodError) {
    return fault(8000, `Method not supported: ${error.method}`, error.envelope);
  }
  if (error instanceof InvalidCwmpArgumentError) {
    return fault(8003, `Invalid arguments: ${error.path}: ${error.reason}`, error.envelope);
  }
  if (error instanceof UnsupportedCwmpVersionError) {
    return fault(8006, "ACS version incompatible", {
      cwmpNamespace: "urn:dslforum-org:cwmp-1-0",
      id: undefined,
    });
  }
  if (error instanceof CwmpBodyEncodingError) {
    return { kind: "http", status: 415, reason: error.message };
  }
  if (error instanceof CwmpMalformedBodyError) {
    const tooLarge =
      error.cause instanceof XmlLimitExceededError && error.cause.limit === "bodyBytes";
    return { kind: "http", status: tooLarge ? 413 : 400, reason: error.message };
  }
  if (error instanceof NotSoapEnvelopeError)
    return { kind: "http", status: 400, reason: error.message };
  return undefined;
}

function fault(
  faultCode: 8000 | 8003 | 8006,
  faultString: string,
  envelope: EnvelopeContext | undefined,
): DecodeErrorAnswer {
  // Without an envelope (cannot happen for errors raised by decodeEnvelope) answer in cwmp-1-0.
  return {
    kind: "fault",
    faultCode,
    faultString,
    envelope: envelope ?? { cwmpNamespace: "urn:dslforum-org:cwmp-1-0", id: undefined },
  };
}
