import { toDigestAlgorithm } from "./digest-hash.ts";
import { AuthorizationParseError, ChallengeParseError } from "./errors.ts";
import { splitAuthHeader } from "./split-auth-header.ts";
import type { DigestCredentials, DigestQop } from "./types.ts";

const NC_PATTERN = /^[0-9a-f]{8}$/i;

/**
 * Reads Digest credentials from an `Authorization` value (RFC 7616 section 3.4).
 * @throws AuthorizationParseError when the value is not complete Digest credentials.
 */
export function parseAuthorization(headerValue: string): DigestCredentials {
  const item = splitOne(headerValue);
  if (item.scheme.toLowerCase() !== "digest") {
    throw new AuthorizationParseError(`scheme ${item.scheme} is not Digest`);
  }
  const { params } = item;
  const required = (field: string): string => {
    const value = params.get(field);
    if (value === undefined) throw new AuthorizationParseError(`missing ${field}`, { field });
    return value;
  };
  const algorithmText = params.get("algorithm") ?? "MD5";
  const algorithm = toDigestAlgorithm(algorithmText);
  if (algorithm === undefined) {
    throw new AuthorizationParseError(`unknown algorithm ${algorithmText}`, { field: "algorithm" });
  }
  const qop = parseQop(params.get("qop"));
  const nc = qop === undefined ? params.get("nc") : required("nc");
  if (nc !== undefined && !NC_PATTERN.test(nc)) {
    throw new AuthorizationParseError("nc is not 8 hex digits", { field: "nc" });
  }
  return {
    username: required("username"),
    userhash: params.get("userhash")?.toLowerCase() === "true",
    realm: required("realm"),
    nonce: required("nonce"),
    uri: required("uri"),
    response: required("response"),
    algorithm,
    qop,
    nc,
    cnonce: qop === undefined ? params.get("cnonce") : required("cnonce"),
    opaque: params.get("opaque"),
  };
}

function splitOne(headerValue: string) {
  try {
    const items = splitAuthHeader(headerValue);
    const [first] = items;
    if (first === undefined || items.length > 1) {
      throw new AuthorizationParseError("expected exactly one set of credentials");
    }
    return first;
  } catch (error) {
    if (error instanceof ChallengeParseError) {
      throw new AuthorizationParseError("malformed Authorization header", { cause: error });
    }
    throw error;
  }
}

function parseQop(value: string | undefined): DigestQop | undefined {
  if (value === undefined) return undefined;
  const lower = value.trim().toLowerCase();
  if (lower === "auth" || lower === "auth-int") return lower;
  throw new AuthorizationParseError(`unknown qop ${value}`, { field: "qop" });
}
