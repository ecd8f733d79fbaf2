import { computeDigestResponse, hashUsername } from "./digest-hash.ts";
import { InvalidNonceCountError } from "./errors.ts";
import { quoteString } from "./quote-string.ts";
import type { DigestChallenge, DigestQop } from "./types.ts";

export interface BuildAuthorizationOptions {
  readonly challenge: DigestChallenge;
  readonly username: string;
  readonly password: string;
  readonly method: string;
  /** The request-target exactly as sent on the request line. */
  readonly uri: string;
  /** Client nonce; the caller supplies randomness so this stays deterministic. */
  readonly cnonce: string;
  /** Nonce count, 1 for the first use of a nonce. */
  readonly nc: number;
}

const MAX_NC = 0xffffffff;

/**
 * The `Authorization` value answering a Digest challenge (RFC 7616 section 3.4; RFC 2069 form
 * when the server offered no qop). A connection request has no body, so auth-int is computed
 * over the empty entity; auth is preferred when both are offered.
 * @throws InvalidNonceCountError when nc is not in 1..0xffffffff.
 */
export function buildAuthorization(options: BuildAuthorizationOptions): string {
  const { challenge, nc } = options;
  if (!Number.isInteger(nc) || nc < 1 || nc > MAX_NC) throw new InvalidNonceCountError(nc);
  const qop = selectQop(challenge.qop);
  const ncText = nc.toString(16).padStart(8, "0");
  const response = computeDigestResponse({
    algorithm: challenge.algorithm,
    username: options.username,
    realm: challenge.realm,
    password: options.password,
    method: options.method,
    uri: options.uri,
    nonce: challenge.nonce,
    qop,
    nc: ncText,
    cnonce: options.cnonce,
  });
  const username = challenge.userhash
    ? hashUsername(challenge.algorithm, options.username, challenge.realm)
    : options.username;
  const fields = [
    `username=${quoteString(username)}`,
    `realm=${quoteString(challenge.realm)}`,
    `uri=${quoteString(options.uri)}`,
    `algorithm=${challenge.algorithm}`,
    `nonce=${quoteString(challenge.nonce)}`,
  ];
  // RFC 2617 section 3.2.2: cnonce/nc only with qop, except that -sess needs cnonce in A1.
  if (qop !== undefined) fields.push(`nc=${ncText}`);
  if (qop !== undefined || challenge.algorithm.endsWith("-sess")) {
    fields.push(`cnonce=${quoteString(options.cnonce)}`);
  }
  if (qop !== undefined) fields.push(`qop=${qop}`);
  fields.push(`response=${quoteString(response)}`);
  if (challenge.opaque !== undefined) fields.push(`opaque=${quoteString(challenge.opaque)}`);
  if (challenge.userhash) fields.push("userhash=true");
  return `Digest ${fields.join(", ")}`;
}

function selectQop(offered: readonly DigestQop[]): DigestQop | undefined {
  if (offered.includes("auth")) return "auth";
  if (offered.includes("auth-int")) return "auth-int";
  return undefined;
}
