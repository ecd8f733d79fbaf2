import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { SecretUnreadableError } from "../../port-errors.ts";
import type { SecretSealer } from "../../ports.ts";

const version = "v1";

/**
 * AES-256-GCM (NIST SP 800-38D) with a random 96-bit IV per value; the
 * context (device id and field) is the additional authenticated data, so a
 * sealed value moved to another device or field fails to open.
 * Format: `v1.<iv>.<ciphertext>.<tag>`, base64url parts.
 */
export function createAesGcmSealer(key: Uint8Array): SecretSealer {
  if (key.length !== 32) throw new RangeError("the sealing key must be 32 bytes (AES-256)");
  const secret = Buffer.from(key);
  return {
    seal(plain, context) {
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", secret, iv);
      cipher.setAAD(Buffer.from(context, "utf8"));
      const data = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
      const parts = [iv, data, cipher.getAuthTag()].map((part) => part.toString("base64url"));
      return [version, ...parts].join(".");
    },
    open(sealed, context) {
      const [tag, iv, data, auth] = sealed.split(".");
      if (tag !== version || iv === undefined || data === undefined || auth === undefined) {
        throw new SecretUnreadableError(context);
      }
      try {
        const decipher = createDecipheriv("aes-256-gcm", secret, Buffer.from(iv, "base64url"), {
          authTagLength: 16, // a full tag only: a truncated one would weaken authentication
        });
        decipher.setAAD(Buffer.from(context, "utf8"));
        decipher.setAuthTag(Buffer.from(auth, "base64url"));
        const plain = Buffer.concat([
          decipher.update(Buffer.from(data, "base64url")),
          decipher.final(),
        ]);
        return plain.toString("utf8");
      } catch (cause) {
        throw new SecretUnreadableError(context, { cause });
      }
    },
  };
}
