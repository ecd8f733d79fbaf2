/**
 * Typed failures of the CWMP codec. The session layer maps each class to
 * its answer (see decodeErrorAnswer): malformed input gets HTTP 400 with no
 * state change; a well-formed envelope with a bad request gets an ACS fault.
 */

/** Base of every decode failure; never thrown itself. */
export abstract class CwmpDecodeError extends Error {}

/**
 * What the envelope said before its body failed: enough to answer with a
 * fault in the CPE's namespace echoing its cwmp:ID.
 */
export interface EnvelopeContext {
  readonly cwmpNamespace: string;
  readonly id: string | undefined;
}

/** The body is not well-formed XML, hostile, or over a bound (HTTP 400). */
export class CwmpMalformedBodyError extends CwmpDecodeError {
  override readonly name = "CwmpMalformedBodyError";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** Content-Encoding we cannot decode, or a corrupt gzip/deflate stream (HTTP 400/415). */
export class CwmpBodyEncodingError extends CwmpDecodeError {
  override readonly name = "CwmpBodyEncodingError";
  constructor(
    readonly encoding: string,
    options?: { cause?: unknown },
  ) {
    super(`cannot decode body with content-encoding "${encoding}"`, options);
  }
}

/** Well-formed XML that is not a SOAP 1.1 envelope with a Body (HTTP 400). */
export class NotSoapEnvelopeError extends CwmpDecodeError {
  override readonly name = "NotSoapEnvelopeError";
}

/** The body element is in no CWMP namespace we speak (ACS fault 8006 where answerable). */
export class UnsupportedCwmpVersionError extends CwmpDecodeError {
  override readonly name = "UnsupportedCwmpVersionError";
  constructor(readonly namespace: string) {
    super(`unsupported CWMP namespace "${namespace}"`);
  }
}

/** A CWMP method this side does not implement (ACS fault 8000, TR-069 A.5.1). */
export class UnknownCwmpMethodError extends CwmpDecodeError {
  override readonly name = "UnknownCwmpMethodError";
  constructor(
    readonly method: string,
    readonly envelope?: EnvelopeContext,
  ) {
    super(`method "${method}" is not supported`);
  }
}

/** A known method with an argument we cannot read (ACS fault 8003, TR-069 A.5.1). */
export class InvalidCwmpArgumentError extends CwmpDecodeError {
  override readonly name = "InvalidCwmpArgumentError";
  constructor(
    readonly path: string,
    readonly reason: string,
    readonly envelope?: EnvelopeContext,
  ) {
    super(`invalid argument ${path}: ${reason}`);
  }
}
