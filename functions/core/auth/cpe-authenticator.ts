import { createHmac, timingSafeEqual } from "node:crypto";
import { computeDigestResponse } from "../http-digest/digest-hash.ts";
import { formatChallenge } from "../http-digest/format-challenge.ts";
import { parseAuthorization } from "../http-digest/parse-authorization.ts";

/**
 * CPE -> ACS authentication (TR-069 section 3.4.4: Basic over TLS, or
 * Digest). Stateless so any Lambda instance can check any request: a nonce
 * is its issue time plus an HMAC of it under a secret, so it verifies
 * without a nonce table. Replays within the nonce lifetime are possible at
 * the HTTP layer; they cannot reach another device's session (cookies are
 * per-session secrets) and the lifetime is short.
 */
export type CpeAuthMode = "none" | "basic" | "digest";

export interface CpeAuthenticatorOptions {
  readonly mode: CpeAuthMode;
  readonly realm: string;
  /** HMAC key for nonces; the same on every instance. */
  readonly nonceSecret: string;
  /** @default 300_000 */
  readonly nonceLifetimeMs?: number;
}

/** What the request claims; the password comes from a credential store afterwards. */
export type ClaimedCredentials =
  | { readonly kind: "none" }
  | { readonly kind: "malformed" }
  | { readonly kind: "basic"; readonly username: string; readonly password: string }
  | {
      readonly kind: "digest";
      readonly username: string;
      readonly check: (password: string) => DigestCheck;
    };

export type DigestCheck = "ok" | "wrong" | "stale";

export interface CpeAuthenticator {
  readonly mode: CpeAuthMode;
  /** Reads the Authorization header. */
  claim(authorization: string | undefined, method: string, now: number): ClaimedCredentials;
  /** The WWW-Authenticate value for a 401. */
  challenge(now: number, stale?: boolean): string;
}

export function createCpeAuthenticator(options: CpeAuthenticatorOptions): CpeAuthenticator {
  const lifetime = options.nonceLifetimeMs ?? 300_000;
  const sign = (issued: string): string =>
    createHmac("sha256", options.nonceSecret).update(issued).digest("base64url").slice(0, 22);
  const newNonce = (now: number): string => {
    const issued = now.toString(36);
    return `${issued}.${sign(issued)}`;
  };
  const nonceState = (nonce: string, now: number): "fresh" | "stale" | "forged" => {
    const [issued, mac] = nonce.split(".");
    if (!issued || !mac || !safeEqual(mac, sign(issued))) return "forged";
    const age = now - Number.parseInt(issued, 36);
    return age >= 0 && age <= lifetime ? "fresh" : "stale";
  };
  return {
    mode: options.mode,
    claim: (authorization, method, now) => {
      if (!authorization) return { kind: "none" };
      if (/^basic\s/i.test(authorization)) return basicClaim(authorization);
      try {
        const credentials = parseAuthorization(authorization);
        return {
          kind: "digest",
          username: credentials.username,
          check: (password) => {
            const state = nonceState(credentials.nonce, now);
            if (state === "forged") return "wrong";
            const expected = computeDigestResponse({
              algorithm: credentials.algorithm,
              username: credentials.username,
              realm: options.realm,
              password,
              method,
              uri: credentials.uri,
              nonce: credentials.nonce,
              qop: credentials.qop,
              nc: credentials.nc ?? "",
              cnonce: credentials.cnonce ?? "",
            });
            if (credentials.realm !== options.realm || !safeEqual(expected, credentials.response)) {
              return "wrong";
            }
            return state === "fresh" ? "ok" : "stale";
          },
        };
      } catch {
        return { kind: "malformed" };
      }
    },
    challenge: (now, stale = false) =>
      options.mode === "basic"
        ? `Basic realm="${options.realm}"`
        : formatChallenge({
            scheme: "Digest",
            realm: options.realm,
            nonce: newNonce(now),
            opaque: undefined,
            algorithm: "MD5",
            qop: ["auth"],
            stale,
            domain: undefined,
            userhash: false,
          }),
  };
}

function basicClaim(authorization: string): ClaimedCredentials {
  const decoded = Buffer.from(authorization.replace(/^basic\s+/i, "").trim(), "base64").toString(
    "utf8",
  );
  const colon = decoded.indexOf(":");
  if (colon < 0) return { kind: "malformed" };
  return { kind: "basic", username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
