import { toDigestAlgorithm } from "./digest-hash.ts";
import { type RawAuthItem, splitAuthHeader } from "./split-auth-header.ts";
import type { AuthChallenge, DigestQop } from "./types.ts";

/**
 * Parses a `WWW-Authenticate` value (RFC 7235 section 4.1) into challenges, in the order sent.
 * Digest per RFC 7616 section 3.3 (absent algorithm = MD5, absent qop = RFC 2069 mode),
 * Basic per RFC 7617; anything else is kept as an `Unsupported` entry so callers can say why.
 * @throws ChallengeParseError when the value is not a challenge list.
 */
export function parseChallenge(headerValue: string): AuthChallenge[] {
  return splitAuthHeader(headerValue).map(toChallenge);
}

function toChallenge(item: RawAuthItem): AuthChallenge {
  const name = item.scheme;
  switch (name.toLowerCase()) {
    case "basic":
      return { scheme: "Basic", realm: item.params.get("realm") ?? "" };
    case "digest":
      return toDigestChallenge(item);
    default:
      return { scheme: "Unsupported", name, reason: "unknown-scheme" };
  }
}

function toDigestChallenge(item: RawAuthItem): AuthChallenge {
  const { params } = item;
  const name = item.scheme;
  const nonce = params.get("nonce");
  if (nonce === undefined || nonce === "") {
    return { scheme: "Unsupported", name, reason: "missing-nonce" };
  }
  const algorithmText = params.get("algorithm");
  const algorithm = algorithmText === undefined ? "MD5" : toDigestAlgorithm(algorithmText);
  if (algorithm === undefined) return { scheme: "Unsupported", name, reason: "unknown-algorithm" };
  const qop = parseQop(params.get("qop"));
  if (qop === undefined) return { scheme: "Unsupported", name, reason: "unknown-qop" };
  return {
    scheme: "Digest",
    realm: params.get("realm") ?? "",
    nonce,
    opaque: params.get("opaque"),
    algorithm,
    qop,
    stale: isTrue(params.get("stale")),
    domain: params.get("domain"),
    userhash: isTrue(params.get("userhash")),
  };
}

/** undefined when qop was offered but holds nothing we know (we could not comply). */
function parseQop(value: string | undefined): DigestQop[] | undefined {
  if (value === undefined || value.trim() === "") return [];
  const known: DigestQop[] = [];
  for (const part of value.split(",")) {
    const token = part.trim().toLowerCase();
    if ((token === "auth" || token === "auth-int") && !known.includes(token)) known.push(token);
  }
  return known.length === 0 ? undefined : known;
}

function isTrue(value: string | undefined): boolean {
  return value?.trim().toLowerCase() === "true";
}
