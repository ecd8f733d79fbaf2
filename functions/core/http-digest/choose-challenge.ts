import { DIGEST_ALGORITHMS } from "./digest-hash.ts";
import type { AuthChallenge, BasicChallenge, DigestChallenge } from "./types.ts";

export interface ChooseChallengeOptions {
  /** Basic sends the password itself: only when the operator configured it. @default false */
  readonly allowBasic?: boolean;
}

/**
 * Picks the challenge to answer. RFC 7616 section 3.7: a client should use the strongest
 * algorithm it supports, so SHA-256 wins over MD5 when a server offers both; Basic only as a
 * configured last resort.
 */
export function chooseChallenge(
  challenges: readonly AuthChallenge[],
  options: ChooseChallengeOptions = {},
): DigestChallenge | BasicChallenge | undefined {
  let best: DigestChallenge | undefined;
  for (const challenge of challenges) {
    if (challenge.scheme !== "Digest") continue;
    if (best === undefined || rank(challenge) < rank(best)) best = challenge;
  }
  if (best !== undefined) return best;
  if (options.allowBasic !== true) return undefined;
  return challenges.find((challenge): challenge is BasicChallenge => challenge.scheme === "Basic");
}

function rank(challenge: DigestChallenge): number {
  return DIGEST_ALGORITHMS.indexOf(challenge.algorithm);
}
