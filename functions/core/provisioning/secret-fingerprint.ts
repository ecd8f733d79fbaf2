import { createHash } from "node:crypto";

/**
 * A one-way fingerprint of a secret value set on a CPE, bound to its
 * parameter name, so the ACS can tell "already set" without keeping the
 * value in clear in the profile memory.
 */
export function secretFingerprint(name: string, value: string): string {
  return createHash("sha256")
    .update(name)
    .update("\0")
    .update(value)
    .digest("base64url")
    .slice(0, 22);
}
