import { quoteString } from "./quote-string.ts";
import type { DigestChallenge } from "./types.ts";

export interface FormatChallengeOptions {
  /**
   * Between parameters. `", "` is RFC 7235; `" "` imitates CPEs that omit the commas, which
   * our simulator reproduces. @default ", "
   */
  readonly separator?: ", " | " ";
}

/** A `WWW-Authenticate` value for one Digest challenge (RFC 7616 section 3.3). */
export function formatChallenge(
  challenge: DigestChallenge,
  options: FormatChallengeOptions = {},
): string {
  const fields = [`realm=${quoteString(challenge.realm)}`];
  if (challenge.domain !== undefined) fields.push(`domain=${quoteString(challenge.domain)}`);
  if (challenge.qop.length > 0) fields.push(`qop=${quoteString(challenge.qop.join(", "))}`);
  fields.push(`algorithm=${challenge.algorithm}`, `nonce=${quoteString(challenge.nonce)}`);
  if (challenge.opaque !== undefined) fields.push(`opaque=${quoteString(challenge.opaque)}`);
  if (challenge.stale) fields.push("stale=true");
  if (challenge.userhash) fields.push("userhash=true");
  return `Digest ${fields.join(options.separator ?? ", ")}`;
}
