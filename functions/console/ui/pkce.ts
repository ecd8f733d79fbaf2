/**
 * Proof Key for Code Exchange (RFC 7636) with the S256 method: the console proves, when it
 * exchanges an authorization code, that it is the client that asked for it. Web Crypto only, so
 * it runs in the browser and, for tests, in Node.
 */

/** base64url without padding (RFC 7636 appendix A). */
export function base64Url(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/**
 * A code verifier from 32 random octets: 43 characters of the unreserved set, the entropy
 * RFC 7636 section 4.1 recommends. Also used for the `state` value (RFC 6749 section 10.12).
 */
export function createCodeVerifier(randomBytes: (length: number) => Uint8Array): string {
  return base64Url(randomBytes(32));
}

/** What PKCE needs of Web Crypto's `crypto.subtle` (written out: the tests have no DOM types). */
export interface Sha256Digest {
  digest(algorithm: "SHA-256", data: Uint8Array<ArrayBuffer>): Promise<ArrayBuffer>;
}

/** `BASE64URL(SHA256(ASCII(code_verifier)))` (RFC 7636 section 4.2). */
export async function codeChallenge(verifier: string, subtle: Sha256Digest): Promise<string> {
  const digest = await subtle.digest("SHA-256", new TextEncoder().encode(verifier));
  return base64Url(new Uint8Array(digest));
}
