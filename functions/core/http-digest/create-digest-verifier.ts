import { timingSafeEqual } from "node:crypto";
import { assertNever } from "../session/assert-never.ts";
import { computeDigestResponse } from "./digest-hash.ts";
import { AuthorizationParseError } from "./errors.ts";
import { formatChallenge } from "./format-challenge.ts";
import { createNonceRegistry } from "./nonce-registry.ts";
import { parseAuthorization } from "./parse-authorization.ts";
import type { DigestAlgorithm, DigestChallenge, DigestCredentials } from "./types.ts";

export interface DigestVerifierOptions {
  readonly realm: string;
  /** @default "MD5" (what CPEs implement) */
  readonly algorithm?: DigestAlgorithm;
  /** "none" emulates RFC 2069 devices: no qop, each nonce usable once. @default "auth" */
  readonly qop?: "auth" | "none";
  /** The password of a user, or undefined when there is no such user. */
  readonly users: (username: string) => string | undefined;
  readonly newNonce: () => string;
  /** Milliseconds since any fixed origin. */
  readonly now: () => number;
  /** @default 300_000 */
  readonly nonceLifetimeMs?: number;
  /** Bound on remembered nonces (replay guard memory). @default 1024 */
  readonly maxNonces?: number;
  readonly opaque?: string;
}

export interface DigestRequest {
  readonly authorization: string | undefined;
  readonly method: string;
  /** The request-target as received. */
  readonly uri: string;
}

export type DigestRejection =
  | "missing"
  | "malformed"
  | "realm-mismatch"
  | "algorithm-mismatch"
  | "qop-mismatch"
  | "opaque-mismatch"
  | "uri-mismatch"
  | "unknown-user"
  | "wrong-response"
  | "unknown-nonce"
  | "expired-nonce"
  | "replayed-nonce-count";

export type DigestVerification =
  | { readonly kind: "accepted"; readonly username: string }
  | {
      readonly kind: "rejected";
      readonly reason: DigestRejection;
      /** Answer with `stale=true`: the password was right, only the nonce was not. */
      readonly stale: boolean;
    };

export interface DigestVerifier {
  /** Issues a new nonce and returns the challenge carrying it. */
  challenge(options?: { readonly stale?: boolean }): DigestChallenge;
  /** Same, formatted for `WWW-Authenticate`. */
  challengeHeader(options?: { readonly stale?: boolean; readonly separator?: ", " | " " }): string;
  verify(request: DigestRequest): DigestVerification;
}

/** Server side of RFC 7616 Digest, for the CPE simulator's connection-request listener. */
export function createDigestVerifier(options: DigestVerifierOptions): DigestVerifier {
  const algorithm = options.algorithm ?? "MD5";
  const registry = createNonceRegistry({
    now: options.now,
    lifetimeMs: options.nonceLifetimeMs ?? 300_000,
    maxEntries: options.maxNonces ?? 1024,
  });

  const challenge = (challengeOptions: { readonly stale?: boolean } = {}): DigestChallenge => {
    const nonce = options.newNonce();
    registry.issue(nonce);
    return {
      scheme: "Digest",
      realm: options.realm,
      nonce,
      opaque: options.opaque,
      algorithm,
      qop: options.qop === "none" ? [] : ["auth"],
      stale: challengeOptions.stale ?? false,
      domain: undefined,
      userhash: false,
    };
  };

  const verify = (request: DigestRequest): DigestVerification => {
    if (request.authorization === undefined) return reject("missing");
    let credentials: DigestCredentials;
    try {
      credentials = parseAuthorization(request.authorization);
    } catch (error) {
      if (error instanceof AuthorizationParseError) return reject("malformed");
      throw error;
    }
    const mismatch = checkFields(credentials, request);
    if (mismatch !== undefined) return reject(mismatch);
    const username = resolveUsername(credentials);
    const password = username === undefined ? undefined : options.users(username);
    if (username === undefined || password === undefined) return reject("unknown-user");
    const expected = computeDigestResponse({
      algorithm,
      username,
      realm: options.realm,
      password,
      method: request.method,
      uri: credentials.uri,
      nonce: credentials.nonce,
      qop: credentials.qop,
      nc: credentials.nc ?? "",
      cnonce: credentials.cnonce ?? "",
    });
    if (!sameText(expected, credentials.response.toLowerCase())) return reject("wrong-response");
    // Without qop there is no nc: treat the single permitted use as nc=1.
    const nc = credentials.nc === undefined ? 1 : Number.parseInt(credentials.nc, 16);
    const use = registry.use(credentials.nonce, nc);
    switch (use) {
      case "fresh":
        return { kind: "accepted", username };
      case "unknown":
        return reject("unknown-nonce", true);
      case "expired":
        return reject("expired-nonce", true);
      case "replayed":
        return reject("replayed-nonce-count");
      default:
        return assertNever(use);
    }
  };

  const checkFields = (
    credentials: DigestCredentials,
    request: DigestRequest,
  ): DigestRejection | undefined => {
    if (credentials.realm !== options.realm) return "realm-mismatch";
    if (credentials.algorithm !== algorithm) return "algorithm-mismatch";
    const expectedQop = options.qop === "none" ? undefined : "auth";
    if (credentials.qop !== expectedQop) return "qop-mismatch";
    if (credentials.opaque !== options.opaque) return "opaque-mismatch";
    if (credentials.uri !== request.uri) return "uri-mismatch";
    return undefined;
  };

  // We never offer userhash (RFC 7616 section 3.4.4), so hashed usernames are not resolved.
  const resolveUsername = (credentials: DigestCredentials): string | undefined =>
    credentials.userhash ? undefined : credentials.username;

  return {
    challenge,
    challengeHeader: (headerOptions = {}) =>
      formatChallenge(challenge(headerOptions), { separator: headerOptions.separator ?? ", " }),
    verify,
  };
}

function reject(reason: DigestRejection, stale = false): DigestVerification {
  return { kind: "rejected", reason, stale };
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a, "utf8");
  const right = Buffer.from(b, "utf8");
  return left.length === right.length && timingSafeEqual(left, right);
}
