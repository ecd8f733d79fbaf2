import { createHash } from "node:crypto";
import { digestHa1, digestResponseFromHa1 } from "../http-digest/digest-hash.ts";
import { formatChallenge } from "../http-digest/format-challenge.ts";
import { parseAuthorization } from "../http-digest/parse-authorization.ts";
import type { DigestCredentials } from "../http-digest/types.ts";
import { createDigestNonces, type NonceReading, safeEqual } from "./digest-nonces.ts";
import type { DigestUse } from "./digest-use.ts";

/**
 * CPE -> ACS authentication (TR-069 section 3.4.4: Basic over TLS, or Digest). Stateless so
 * any Lambda instance can check any request: nonces are signed issue times (digest-nonces.ts).
 * Only the headers are read: digest with qop=auth does not cover the body, so a request is
 * judged before its body is decoded. Replays are refused per device by the write that opens the
 * session (digest-use.ts); here a nonce only has to be genuine and young.
 */
export type CpeAuthMode = "none" | "basic" | "digest";

/** What the ACS offers CPEs: per-device records store HA1 for exactly these two. */
export type CpeDigestAlgorithm = "SHA-256" | "MD5";
export const cpeDigestAlgorithms: readonly CpeDigestAlgorithm[] = ["SHA-256", "MD5"];

export interface CpeAuthenticatorOptions {
  readonly mode: CpeAuthMode;
  readonly realm: string;
  /** HMAC key for nonces; the same on every instance. */
  readonly nonceSecret: string;
  /** @default 60_000 (see config/cwmp-config.ts for why it is short) */
  readonly nonceLifetimeMs?: number;
  /** Offered, most preferred first (RFC 7616 section 3.7). @default ["SHA-256", "MD5"] */
  readonly algorithms?: readonly CpeDigestAlgorithm[];
  /**
   * Accept answers without qop (RFC 2069 style, which RFC 7616 section 3.4 keeps only for
   * compatibility): no cnonce or nc, so the client adds no freshness of its own. @default false
   */
  readonly acceptWithoutQop?: boolean;
}

/** What the request claims; the secret comes from a credential store afterwards. */
export type ClaimedCredentials =
  | { readonly kind: "none" }
  | { readonly kind: "malformed" }
  | { readonly kind: "basic"; readonly username: string; readonly password: string }
  | {
      readonly kind: "digest";
      readonly username: string;
      readonly check: (secret: CpeSecret) => DigestCheck;
    };

/**
 * What the ACS keeps to check a CPE: its password, or only HA1 = H(username:realm:password)
 * (RFC 7616 3.4.2) per algorithm, which verifies digest (and Basic, from the MD5 one) without
 * storing the password. Records written before SHA-256 was offered have no `sha256`.
 */
export type CpeSecret =
  | { readonly kind: "password"; readonly password: string }
  | { readonly kind: "ha1"; readonly md5: string; readonly sha256?: string };

/** Both HA1 values a per-device credential record stores. */
export function cpeHa1(
  username: string,
  realm: string,
  password: string,
): { readonly md5: string; readonly sha256: string } {
  return {
    md5: digestHa1("MD5", username, realm, password),
    sha256: digestHa1("SHA-256", username, realm, password),
  };
}

/** Where the request went: the digest `uri` must name it (RFC 7616 section 3.4). */
export interface DigestTarget {
  readonly method: string;
  /** The request path, e.g. "/" or "/cwmp". */
  readonly path: string;
}

export type DigestRefusal =
  | "forged-nonce"
  | "realm-mismatch"
  | "uri-mismatch"
  | "algorithm-not-offered"
  | "qop-required"
  | "qop-not-offered"
  | "userhash"
  | "no-stored-ha1"
  | "wrong-response";

export type DigestCheck =
  | { readonly kind: "ok"; readonly use: DigestUse; readonly withoutQop: boolean }
  /** Right answer to an expired nonce: challenge again with stale=true. */
  | { readonly kind: "stale" }
  /** A SHA-256 answer for a record that holds only the MD5 HA1: challenge with MD5 alone. */
  | { readonly kind: "md5-only" }
  | { readonly kind: "wrong"; readonly reason: DigestRefusal };

export interface CpeAuthenticator {
  readonly mode: CpeAuthMode;
  readonly realm: string;
  /** Reads the Authorization header (no body needed). */
  claim(authorization: string | undefined, target: DigestTarget, now: number): ClaimedCredentials;
  /**
   * The WWW-Authenticate value for a 401: one Digest challenge per offered algorithm, most
   * preferred first, sharing one nonce (RFC 7616 section 3.7). They are joined with ", " in one
   * header value (RFC 7235 section 4.1 allows several challenges in one field), which is what
   * API Gateway's payload 2.0 and node:http would make of repeated headers anyway.
   */
  challenge(
    now: number,
    options?: { readonly stale?: boolean; readonly algorithms?: readonly CpeDigestAlgorithm[] },
  ): string;
}

export function createCpeAuthenticator(options: CpeAuthenticatorOptions): CpeAuthenticator {
  const nonces = createDigestNonces({
    secret: options.nonceSecret,
    lifetimeMs: options.nonceLifetimeMs ?? 60_000,
  });
  const offered = options.algorithms ?? cpeDigestAlgorithms;
  const verify = digestVerifier({ ...options, offered });
  return {
    mode: options.mode,
    realm: options.realm,
    claim: (authorization, target, now) => {
      if (!authorization) return { kind: "none" };
      if (/^basic\s/i.test(authorization)) return basicClaim(authorization);
      let credentials: DigestCredentials;
      try {
        credentials = parseAuthorization(authorization);
      } catch {
        return { kind: "malformed" };
      }
      return {
        kind: "digest",
        username: credentials.username,
        check: (secret) => verify(credentials, target, nonces.read(credentials.nonce, now), secret),
      };
    },
    challenge: (now, challengeOptions = {}) => {
      if (options.mode === "basic") return `Basic realm="${options.realm}"`;
      const nonce = nonces.issue(now);
      return (challengeOptions.algorithms ?? offered)
        .map((algorithm) =>
          formatChallenge({
            scheme: "Digest",
            realm: options.realm,
            nonce,
            opaque: undefined,
            algorithm,
            qop: ["auth"],
            stale: challengeOptions.stale ?? false,
            domain: undefined,
            userhash: false,
          }),
        )
        .join(", ");
    },
  };
}

/** The checks of one digest answer, cheapest first; the nonce's age is judged last. */
function digestVerifier(options: {
  readonly realm: string;
  readonly offered: readonly CpeDigestAlgorithm[];
  readonly acceptWithoutQop?: boolean;
}) {
  const wrong = (reason: DigestRefusal): DigestCheck => ({ kind: "wrong", reason });
  return (
    credentials: DigestCredentials,
    target: DigestTarget,
    nonce: NonceReading,
    secret: CpeSecret,
  ): DigestCheck => {
    if (nonce.kind === "forged") return wrong("forged-nonce");
    if (credentials.realm !== options.realm) return wrong("realm-mismatch");
    if (!uriNamesPath(credentials.uri, target.path)) return wrong("uri-mismatch");
    const algorithm = options.offered.find((offered) => offered === credentials.algorithm);
    if (algorithm === undefined) return wrong("algorithm-not-offered");
    if (credentials.qop === undefined && options.acceptWithoutQop !== true) {
      return wrong("qop-required");
    }
    // auth-int would cover the body, which is not read before authentication.
    if (credentials.qop === "auth-int") return wrong("qop-not-offered");
    if (credentials.userhash) return wrong("userhash");
    const ha1 = storedHa1(secret, algorithm, credentials.username, options.realm);
    if (ha1 === undefined) {
      return options.offered.includes("MD5") ? { kind: "md5-only" } : wrong("no-stored-ha1");
    }
    const expected = digestResponseFromHa1(
      {
        algorithm,
        method: target.method,
        uri: credentials.uri,
        nonce: credentials.nonce,
        qop: credentials.qop,
        nc: credentials.nc ?? "",
        cnonce: credentials.cnonce ?? "",
      },
      ha1,
    );
    if (!safeEqual(expected, credentials.response.toLowerCase())) return wrong("wrong-response");
    if (nonce.kind === "stale") return { kind: "stale" };
    const nc = credentials.nc === undefined ? 0 : Number.parseInt(credentials.nc, 16);
    return {
      kind: "ok",
      use: { nonceIssuedAt: nonce.issuedAt, nonce: credentials.nonce, nc },
      withoutQop: credentials.qop === undefined,
    };
  };
}

function storedHa1(
  secret: CpeSecret,
  algorithm: CpeDigestAlgorithm,
  username: string,
  realm: string,
): string | undefined {
  if (secret.kind === "password") return digestHa1(algorithm, username, realm, secret.password);
  return algorithm === "MD5" ? secret.md5 : secret.sha256;
}

/**
 * RFC 7616 section 3.4: `uri` is the request-target, which must be the request's (a response
 * computed for another resource, or for none, proves nothing about this one). Agents that send
 * the absolute form (RFC 7230 section 5.3.2) are read by their path. The query is not compared:
 * the CWMP endpoint ignores it and API Gateway may re-encode it.
 */
export function uriNamesPath(uri: string, path: string): boolean {
  if (uri === "") return false;
  const origin = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(uri);
  const rest = origin ? uri.slice(origin[0].length) || "/" : uri;
  const query = rest.indexOf("?");
  return (query < 0 ? rest : rest.slice(0, query)) === path;
}

/** Basic credentials against a stored secret (constant-time comparison). */
export function basicMatches(
  secret: CpeSecret,
  username: string,
  realm: string,
  password: string,
): boolean {
  const expected = secret.kind === "password" ? secret.password : secret.md5;
  const given = secret.kind === "password" ? password : digestHa1("MD5", username, realm, password);
  return safeEqual(
    createHash("sha256").update(expected).digest("hex"),
    createHash("sha256").update(given).digest("hex"),
  );
}

function basicClaim(authorization: string): ClaimedCredentials {
  const decoded = Buffer.from(authorization.replace(/^basic\s+/i, "").trim(), "base64").toString(
    "utf8",
  );
  const colon = decoded.indexOf(":");
  if (colon < 0) return { kind: "malformed" };
  return { kind: "basic", username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
