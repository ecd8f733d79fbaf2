import { createHash, createHmac, timingSafeEqual } from "node:crypto";
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
      readonly check: (secret: CpeSecret) => DigestCheck;
    };

/**
 * What the ACS keeps to check a CPE: its password, or only HA1 =
 * MD5(username:realm:password) (RFC 7616 3.4.2), which verifies MD5 digest
 * and Basic without storing the password itself.
 */
export type CpeSecret =
  | { readonly kind: "password"; readonly password: string }
  | { readonly kind: "ha1-md5"; readonly ha1: string };

/** HA1 for MD5 digest: what per-device credential records store. */
export function md5Ha1(username: string, realm: string, password: string): string {
  return createHash("md5").update(`${username}:${realm}:${password}`, "utf8").digest("hex");
}

export type DigestCheck = "ok" | "wrong" | "stale";

export interface CpeAuthenticator {
  readonly mode: CpeAuthMode;
  readonly realm: string;
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
    realm: options.realm,
    claim: (authorization, method, now) => {
      if (!authorization) return { kind: "none" };
      if (/^basic\s/i.test(authorization)) return basicClaim(authorization);
      try {
        const credentials = parseAuthorization(authorization);
        return {
          kind: "digest",
          username: credentials.username,
          check: (secret) => {
            const state = nonceState(credentials.nonce, now);
            if (state === "forged") return "wrong";
            const input = {
              algorithm: credentials.algorithm,
              username: credentials.username,
              realm: options.realm,
              method,
              uri: credentials.uri,
              nonce: credentials.nonce,
              qop: credentials.qop,
              nc: credentials.nc ?? "",
              cnonce: credentials.cnonce ?? "",
            };
            const expected =
              secret.kind === "password"
                ? computeDigestResponse({ ...input, password: secret.password })
                : responseFromHa1(input, secret.ha1);
            if (expected === undefined) return "wrong";
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

/** RFC 7616 3.4.1 response from a stored MD5 HA1 (MD5 and MD5-sess only). */
function responseFromHa1(
  input: {
    algorithm: string;
    method: string;
    uri: string;
    nonce: string;
    qop: string | undefined;
    nc: string;
    cnonce: string;
  },
  storedHa1: string,
): string | undefined {
  if (input.algorithm !== "MD5" && input.algorithm !== "MD5-sess") return undefined;
  const md5 = (text: string) => createHash("md5").update(text, "utf8").digest("hex");
  const ha1 =
    input.algorithm === "MD5-sess" ? md5(`${storedHa1}:${input.nonce}:${input.cnonce}`) : storedHa1;
  const ha2 = md5(`${input.method}:${input.uri}`);
  return input.qop === undefined
    ? md5(`${ha1}:${input.nonce}:${ha2}`)
    : md5(`${ha1}:${input.nonce}:${input.nc}:${input.cnonce}:${input.qop}:${ha2}`);
}

/** Basic credentials against a stored secret (constant-time comparison). */
export function basicMatches(
  secret: CpeSecret,
  username: string,
  realm: string,
  password: string,
): boolean {
  const expected = secret.kind === "password" ? secret.password : secret.ha1;
  const given = secret.kind === "password" ? password : md5Ha1(username, realm, password);
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

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
