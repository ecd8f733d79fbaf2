/** Typed failures of the HTTP authentication codec (one class per failure mode). */

/** A `WWW-Authenticate` header value that is not a list of challenges (RFC 7235 section 4.1). */
export class ChallengeParseError extends Error {
  readonly position: number;

  constructor(message: string, options: { position: number; cause?: unknown }) {
    super(message, { cause: options.cause });
    this.name = "ChallengeParseError";
    this.position = options.position;
  }
}

/** An `Authorization` header that is not usable Digest credentials (RFC 7616 section 3.4). */
export class AuthorizationParseError extends Error {
  readonly field: string | undefined;

  constructor(message: string, options: { field?: string; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = "AuthorizationParseError";
    this.field = options.field;
  }
}

/** The nonce count must fit in 8 hex digits and start at 1 (RFC 7616 section 3.4). */
export class InvalidNonceCountError extends RangeError {
  readonly nc: number;

  constructor(nc: number) {
    super(`nonce count must be an integer in 1..0xffffffff, got ${nc}`);
    this.name = "InvalidNonceCountError";
    this.nc = nc;
  }
}
