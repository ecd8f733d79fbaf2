import { createHash } from "node:crypto";
import { maskedValue } from "../model/secret-parameters.ts";
import type { Profile } from "./profile.ts";
import { mapProfileValues } from "./profile-secrets.ts";

/**
 * How a digest stored in the device item sees a secret value: its keyed fingerprint
 * (SecretSealer.fingerprint, HMAC; the core holds no key). Never the value itself: a plain
 * digest of a weak Wi-Fi passphrase could be guessed offline from the device item.
 */
export type SecretDigest = (value: string, parameterName: string) => string;

/** Without a sealing key: secret values are left out of digests (the mask stands in). */
export const maskSecretDigest: SecretDigest = () => maskedValue;

/**
 * A stable digest of a profile's content (keys sorted), so the memory a
 * device keeps for a profile is dropped when the operator edits it. Secret values (`secret`)
 * enter as `secretDigest` gives them: a keyed fingerprint is deterministic under one sealing
 * key, so the digest is stable from session to session and a profile never loops. It changes
 * once when the current sealing key changes (and once where it replaced the plain digest):
 * each device then re-applies its profiles with secrets once, as after an edit.
 */
export function profileHash(
  profile: Profile,
  secretDigest: SecretDigest = maskSecretDigest,
): string {
  const hidden = mapProfileValues(
    profile,
    (value) => value.secret === true,
    (value) => ({ ...value, value: secretDigest(value.value, value.name) }),
  );
  return contentHash(hidden);
}

/** The same digest for any JSON-like value (e.g. a profile's one-shot tasks). */
export function contentHash(value: unknown): string {
  return createHash("sha256").update(canonical(value)).digest("base64url").slice(0, 22);
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value)
      .filter(([, entry]) => entry !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, entry]) => `${JSON.stringify(key)}:${canonical(entry)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}
