import { createHash } from "node:crypto";
import { ConfigError } from "./config-error.ts";

/**
 * ACS_SECRETS_KEY, the AES-256 key sealing per-device secrets:
 * either exactly 32 bytes in base64, or a passphrase of at least 32
 * characters (what Secrets Manager generates), stretched with SHA-256.
 */
export function parseSecretsKey(text: string, variable = "ACS_SECRETS_KEY"): Uint8Array {
  const trimmed = text.trim();
  if (/^[A-Za-z0-9+/]{43}=$/.test(trimmed)) return Buffer.from(trimmed, "base64");
  if (trimmed.length >= 32) return createHash("sha256").update(trimmed, "utf8").digest();
  throw new ConfigError(variable, "must be 32 bytes in base64 or a passphrase of 32+ characters");
}
