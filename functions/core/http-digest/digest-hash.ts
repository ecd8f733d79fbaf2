import { createHash } from "node:crypto";
import type { DigestAlgorithm, DigestQop } from "./types.ts";

/** Every algorithm we compute, in order of preference (strongest first). */
export const DIGEST_ALGORITHMS: readonly DigestAlgorithm[] = [
  "SHA-512-256",
  "SHA-512-256-sess",
  "SHA-256",
  "SHA-256-sess",
  "MD5",
  "MD5-sess",
];

const HASH_NAMES: Record<DigestAlgorithm, string> = {
  MD5: "md5",
  "MD5-sess": "md5",
  "SHA-256": "sha256",
  "SHA-256-sess": "sha256",
  "SHA-512-256": "sha512-256",
  "SHA-512-256-sess": "sha512-256",
};

/** Case-insensitive lookup of an `algorithm` value (RFC 7616 section 3.3); undefined if unknown. */
export function toDigestAlgorithm(value: string): DigestAlgorithm | undefined {
  const wanted = value.trim().toLowerCase();
  return DIGEST_ALGORITHMS.find((algorithm) => algorithm.toLowerCase() === wanted);
}

/** Lower-case hex of H(data); strings are hashed as UTF-8 (RFC 7616 section 4). */
export function digestHash(algorithm: DigestAlgorithm, data: string): string {
  return createHash(HASH_NAMES[algorithm]).update(data, "utf8").digest("hex");
}

export interface DigestResponseInput {
  readonly algorithm: DigestAlgorithm;
  readonly username: string;
  readonly realm: string;
  readonly password: string;
  readonly method: string;
  readonly uri: string;
  readonly nonce: string;
  /** undefined: the RFC 2069 computation without qop. */
  readonly qop: DigestQop | undefined;
  /** Eight hex digits, as sent. */
  readonly nc: string;
  readonly cnonce: string;
}

/**
 * The `response` value: RFC 7616 sections 3.4.1 (response), 3.4.2 (A1, with `-sess`) and
 * 3.4.3 (A2). A connection request has no body, so auth-int hashes the empty entity.
 */
export function computeDigestResponse(input: DigestResponseInput): string {
  return digestResponseFromHa1(
    input,
    digestHa1(input.algorithm, input.username, input.realm, input.password),
  );
}

/** HA1 = H(username:realm:password) (RFC 7616 section 3.4.2): what a server may store instead of the password. */
export function digestHa1(
  algorithm: DigestAlgorithm,
  username: string,
  realm: string,
  password: string,
): string {
  return digestHash(algorithm, `${username}:${realm}:${password}`);
}

/** The `response` value from a known HA1 (the non-`-sess` A1 hash), as a server holding only HA1 computes it. */
export function digestResponseFromHa1(
  input: Omit<DigestResponseInput, "username" | "realm" | "password">,
  storedHa1: string,
): string {
  const h = (data: string): string => digestHash(input.algorithm, data);
  const ha1 = input.algorithm.endsWith("-sess")
    ? h(`${storedHa1}:${input.nonce}:${input.cnonce}`)
    : storedHa1;
  const a2 =
    input.qop === "auth-int"
      ? `${input.method}:${input.uri}:${h("")}`
      : `${input.method}:${input.uri}`;
  const ha2 = h(a2);
  if (input.qop === undefined) return h(`${ha1}:${input.nonce}:${ha2}`);
  return h(`${ha1}:${input.nonce}:${input.nc}:${input.cnonce}:${input.qop}:${ha2}`);
}

/** RFC 7616 section 3.4.4: username hashed with the realm. */
export function hashUsername(algorithm: DigestAlgorithm, username: string, realm: string): string {
  return digestHash(algorithm, `${username}:${realm}`);
}
