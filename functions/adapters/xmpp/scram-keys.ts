import { createHmac, pbkdf2Sync } from "node:crypto";

export interface ScramSha1Keys {
  clientKey: Uint8Array;
  serverKey: Uint8Array;
}

/** SCRAM-SHA-1 (RFC 5802 section 3): SaltedPassword = Hi(password, salt, i) = PBKDF2-HMAC-SHA1. */
export function deriveScramSha1Keys(
  password: string,
  salt: Uint8Array,
  iterations: number,
): ScramSha1Keys {
  const salted = pbkdf2Sync(password, salt, iterations, 20, "sha1");
  return {
    clientKey: createHmac("sha1", salted).update("Client Key").digest(),
    serverKey: createHmac("sha1", salted).update("Server Key").digest(),
  };
}

/** The salt and iteration count of a server-first-message ("r=...,s=<base64>,i=<n>"). */
export function parseServerFirstMessage(
  message: string,
): { salt: Uint8Array; iterations: number } | undefined {
  const fields = new Map<string, string>();
  for (const part of message.split(",")) {
    const eq = part.indexOf("=");
    if (eq > 0) fields.set(part.slice(0, eq), part.slice(eq + 1));
  }
  const salt = fields.get("s");
  const iterations = Number(fields.get("i"));
  if (salt === undefined || !Number.isInteger(iterations) || iterations <= 0) return undefined;
  return { salt: Buffer.from(salt, "base64"), iterations };
}
