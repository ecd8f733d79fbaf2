export { type BuildAuthorizationOptions, buildAuthorization } from "./build-authorization.ts";
export { buildBasicAuthorization } from "./build-basic-authorization.ts";
export { type ChooseChallengeOptions, chooseChallenge } from "./choose-challenge.ts";
export {
  createDigestVerifier,
  type DigestRejection,
  type DigestRequest,
  type DigestVerification,
  type DigestVerifier,
  type DigestVerifierOptions,
} from "./create-digest-verifier.ts";
export {
  computeDigestResponse,
  DIGEST_ALGORITHMS,
  digestHa1,
  digestHash,
  digestResponseFromHa1,
} from "./digest-hash.ts";
export { AuthorizationParseError, ChallengeParseError, InvalidNonceCountError } from "./errors.ts";
export { type FormatChallengeOptions, formatChallenge } from "./format-challenge.ts";
export { parseAuthorization } from "./parse-authorization.ts";
export { parseChallenge } from "./parse-challenge.ts";
export type * from "./types.ts";
