import { randomBytes } from "node:crypto";
import {
  type BasicChallenge,
  buildAuthorization,
  buildBasicAuthorization,
  ChallengeParseError,
  chooseChallenge,
  type DigestChallenge,
  parseChallenge,
} from "../core/http-digest/index.ts";
import { AcsAuthenticationError } from "./errors.ts";

/**
 * The CPE side of HTTP authentication to the ACS (TR-069 3.4.4: the CPE
 * supports Basic and Digest; RFC 7616, RFC 7617; the strongest offered algorithm, SHA-256
 * before MD5, section 3.7). After the first 401 the
 * chosen challenge is answered pre-emptively on every later request of the
 * session, with the nonce count increasing (RFC 7616 section 3.4).
 */
export interface AcsAuthenticator {
  /** The Authorization header for this request, if a challenge is known. */
  authorization(method: string, uri: string): string | undefined;
  /**
   * Records a 401's challenges. Throws AcsAuthenticationError when the
   * credentials were already refused (and the nonce was not merely stale),
   * or no offered scheme can be answered.
   */
  challenged(wwwAuthenticate: readonly string[]): void;
  /** A response other than 401: the credentials work; a later 401 gets one fresh try. */
  succeeded(): void;
}

export interface AcsAuthenticatorOptions {
  readonly username: string;
  readonly password: string;
  /** @default 16 random bytes */
  readonly newCnonce?: () => string;
  /** Answer without qop (RFC 2069), as some agents do (misbehaviour `digestWithoutQop`). */
  readonly withoutQop?: boolean;
}

export function createAcsAuthenticator(options: AcsAuthenticatorOptions): AcsAuthenticator {
  const newCnonce = options.newCnonce ?? (() => randomBytes(16).toString("hex"));
  let challenge: DigestChallenge | BasicChallenge | undefined;
  let nc = 0;
  let cnonce = "";
  let answeredSinceChallenge = false;

  return {
    authorization: (method, uri) => {
      if (challenge === undefined) return undefined;
      answeredSinceChallenge = true;
      if (challenge.scheme === "Basic") {
        return buildBasicAuthorization(options.username, options.password);
      }
      nc += 1;
      return buildAuthorization({
        challenge: options.withoutQop ? { ...challenge, qop: [] } : challenge,
        username: options.username,
        password: options.password,
        method,
        uri,
        cnonce,
        nc,
      });
    },
    challenged: (wwwAuthenticate) => {
      const offered = wwwAuthenticate.flatMap((header) => {
        try {
          return parseChallenge(header);
        } catch (error) {
          if (error instanceof ChallengeParseError) return [];
          throw error;
        }
      });
      const chosen = chooseChallenge(offered, { allowBasic: true });
      if (chosen === undefined) {
        throw new AcsAuthenticationError("the ACS offered no authentication scheme we support");
      }
      const stale = chosen.scheme === "Digest" && chosen.stale;
      if (answeredSinceChallenge && !stale) {
        throw new AcsAuthenticationError(
          `the ACS refused the credentials of "${options.username}"`,
        );
      }
      challenge = chosen;
      nc = 0;
      cnonce = newCnonce();
      answeredSinceChallenge = false;
    },
    succeeded: () => {
      answeredSinceChallenge = false;
    },
  };
}
