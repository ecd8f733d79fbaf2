import { createHash } from "node:crypto";
import type { Profile } from "./profile.ts";

/**
 * A stable digest of a profile's content (keys sorted), so the memory a
 * device keeps for a profile is dropped when the operator edits it.
 */
export function profileHash(profile: Profile): string {
  return contentHash(profile);
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
