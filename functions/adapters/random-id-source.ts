import { randomBytes } from "node:crypto";
import type { IdSource } from "../ports.ts";

/**
 * Session ids and nonces: 128 random bits. Task ids: 48-bit time then 80
 * random bits, base32 (Crockford), so ids sort by creation like ULIDs.
 */
export function createRandomIdSource(): IdSource {
  return {
    randomId: () => randomBytes(16).toString("base64url"),
    sortableId: (now) => encodeTime(now) + encodeRandom(16),
  };
}

const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

function encodeTime(now: number): string {
  let out = "";
  let rest = Math.max(0, Math.floor(now));
  for (let i = 0; i < 10; i++) {
    out = alphabet[rest % 32] + out;
    rest = Math.floor(rest / 32);
  }
  return out;
}

function encodeRandom(length: number): string {
  const bytes = randomBytes(length);
  let out = "";
  for (const byte of bytes) out += alphabet[byte % 32];
  return out;
}
