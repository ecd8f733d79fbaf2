import { createHash } from "node:crypto";
import { keyIdPattern, legacyKeyId, type SealingKeys } from "../adapters/crypto/aes-gcm-sealer.ts";
import { ConfigError } from "./config-error.ts";
import type { EnvReader } from "./env-reader.ts";

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

/**
 * The sealing key ring, read by every process that seals or opens (the CWMP
 * function, the sender). Variables:
 * - ACS_SECRETS_KEY: one key, id "legacy" (what sealed values before key ids);
 * - ACS_SECRETS_KEYS: more keys, a JSON object `{"<id>": "<key>"}` (a Secrets
 *   Manager key/value secret) or `<id>:<key>,...`; each key as ACS_SECRETS_KEY;
 * - ACS_SECRETS_KEY_ID: the current key (new values are sealed with it);
 *   required when there is more than one key.
 *
 * Rotation: (1) add the new key to ACS_SECRETS_KEYS everywhere and deploy;
 * (2) set ACS_SECRETS_KEY_ID to it and deploy: each device's secrets are
 * sealed again under it in its next session; (3) remove the old key once
 * nothing is sealed under it any more (every device has had a session since
 * step 2; the log line "sealed secrets re-sealed under the current key" then stops).
 * A value whose key is gone cannot be opened (logged as an error).
 *
 * @param legacyDefault the legacy key when ACS_SECRETS_KEY is unset (the local ACS's key file).
 */
export function readSealingKeys(
  env: EnvReader,
  legacyDefault?: Uint8Array,
): SealingKeys | undefined {
  const legacyText = env.optionalString("ACS_SECRETS_KEY");
  const legacy = legacyText === undefined ? legacyDefault : parseSecretsKey(legacyText);
  const keys = new Map(legacy === undefined ? [] : [[legacyKeyId, legacy]]);
  const ringText = env.optionalString("ACS_SECRETS_KEYS");
  for (const [id, text] of ringText === undefined ? [] : ringEntries(ringText)) {
    if (!keyIdPattern.test(id)) {
      throw new ConfigError("ACS_SECRETS_KEYS", `key id "${id}" must match ${keyIdPattern}`);
    }
    if (keys.has(id)) {
      throw new ConfigError("ACS_SECRETS_KEYS", `key id "${id}" is given twice`);
    }
    keys.set(id, parseRingKey(id, text));
  }
  const currentId = env.optionalString("ACS_SECRETS_KEY_ID") ?? onlyKeyId(keys);
  if (keys.size === 0) {
    if (currentId === undefined) return undefined;
    throw new ConfigError("ACS_SECRETS_KEY_ID", "is set but no key is (ACS_SECRETS_KEYS)");
  }
  if (currentId === undefined || !keys.has(currentId)) {
    throw new ConfigError(
      "ACS_SECRETS_KEY_ID",
      `must name one of the keys: ${[...keys.keys()].join(", ")}`,
    );
  }
  return { currentId, keys };
}

function parseRingKey(id: string, text: string): Uint8Array {
  try {
    return parseSecretsKey(text, "ACS_SECRETS_KEYS");
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    throw new ConfigError("ACS_SECRETS_KEYS", `key "${id}" ${error.problem}`);
  }
}

function onlyKeyId(keys: ReadonlyMap<string, Uint8Array>): string | undefined {
  return keys.size === 1 ? [...keys.keys()][0] : undefined;
}

/** `{"id": "key", ...}` or `id:key,...` (a key with a comma needs the JSON form). */
function ringEntries(text: string): [string, string][] {
  if (text.startsWith("{")) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new ConfigError("ACS_SECRETS_KEYS", "is not valid JSON");
    }
    const entries = Object.entries(parsed as Record<string, unknown>);
    if (entries.some(([, value]) => typeof value !== "string")) {
      throw new ConfigError("ACS_SECRETS_KEYS", 'must map key ids to strings: {"<id>": "<key>"}');
    }
    return entries as [string, string][];
  }
  return text
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "")
    .map((entry) => {
      const colon = entry.indexOf(":");
      if (colon <= 0) {
        throw new ConfigError("ACS_SECRETS_KEYS", "must be <id>:<key>,... or a JSON object");
      }
      return [entry.slice(0, colon).trim(), entry.slice(colon + 1)];
    });
}
