/**
 * Types of HTTP authentication challenges and credentials: RFC 7235 (framework),
 * RFC 7616 (Digest, obsoletes RFC 2617), RFC 7617 (Basic).
 */

/** RFC 7616 section 6.1 registry entries we implement; `-sess` variants per section 3.4.2. */
export type DigestAlgorithm =
  | "MD5"
  | "MD5-sess"
  | "SHA-256"
  | "SHA-256-sess"
  | "SHA-512-256"
  | "SHA-512-256-sess";

/** Quality of protection values (RFC 7616 section 3.3). */
export type DigestQop = "auth" | "auth-int";

export interface DigestChallenge {
  readonly scheme: "Digest";
  readonly realm: string;
  readonly nonce: string;
  readonly opaque: string | undefined;
  /** Absent in the header means MD5 (RFC 7616 section 3.3). */
  readonly algorithm: DigestAlgorithm;
  /** Empty when the server sent no qop: the legacy RFC 2069 computation applies. */
  readonly qop: readonly DigestQop[];
  /** The previous nonce expired but the credentials were right (RFC 7616 section 3.3). */
  readonly stale: boolean;
  readonly domain: string | undefined;
  /** RFC 7616 section 3.4.4: the server accepts a hashed username. */
  readonly userhash: boolean;
}

export interface BasicChallenge {
  readonly scheme: "Basic";
  readonly realm: string;
}

/** A challenge we can name but not answer: another scheme, or a Digest we cannot compute. */
export interface UnsupportedChallenge {
  readonly scheme: "Unsupported";
  /** The auth-scheme as sent, e.g. "Negotiate" or "Digest". */
  readonly name: string;
  readonly reason: UnsupportedChallengeReason;
}

export type UnsupportedChallengeReason =
  | "unknown-scheme"
  | "unknown-algorithm"
  | "unknown-qop"
  | "missing-nonce";

export type AuthChallenge = DigestChallenge | BasicChallenge | UnsupportedChallenge;

/** The fields of a Digest `Authorization` header as a server reads them (RFC 7616 section 3.4). */
export interface DigestCredentials {
  readonly username: string;
  readonly userhash: boolean;
  readonly realm: string;
  readonly nonce: string;
  readonly uri: string;
  readonly response: string;
  readonly algorithm: DigestAlgorithm;
  readonly qop: DigestQop | undefined;
  readonly nc: string | undefined;
  readonly cnonce: string | undefined;
  readonly opaque: string | undefined;
}
