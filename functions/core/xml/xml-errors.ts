/**
 * Typed failures of the XML layer. Every malformed or hostile input ends in
 * one of these; the CWMP layer wraps them, the session layer answers 400.
 */

/** The bytes are not well-formed XML (or not XML at all). */
export class MalformedXmlError extends Error {
  override readonly name = "MalformedXmlError";
  constructor(
    readonly detail: string,
    options?: { cause?: unknown },
  ) {
    super(`malformed XML: ${detail}`, options);
  }
}

/**
 * The document uses a construct we refuse outright: DOCTYPE or ENTITY
 * declarations (XXE and entity-expansion attacks; no CPE needs them).
 */
export class ForbiddenXmlConstructError extends Error {
  override readonly name = "ForbiddenXmlConstructError";
  constructor(readonly construct: string) {
    super(`forbidden XML construct: ${construct}`);
  }
}

/** Which bound a document broke. */
export type XmlLimitName = "bodyBytes" | "depth" | "elements" | "attributeLength";

/** The document is larger or deeper than the configured bounds allow. */
export class XmlLimitExceededError extends Error {
  override readonly name = "XmlLimitExceededError";
  constructor(
    readonly limit: XmlLimitName,
    readonly max: number,
  ) {
    super(`XML limit exceeded: ${limit} > ${max}`);
  }
}
