import type { IncomingHttpHeaders } from "node:http";
import type { AcsAuthenticator } from "./acs-authenticator.ts";
import { AcsAuthenticationError, CpeFaultError } from "./errors.ts";

/**
 * A file server's 401 during a Download or an Upload, answered with the transfer's
 * Username/Password (TR-069 3.4.5: Basic or Digest). Credentials refused, or no scheme we can
 * answer, is 9012 File transfer server authentication failure (TR-069 A.5.1).
 */
export function answerFileServerChallenge(
  auth: AcsAuthenticator,
  headers: IncomingHttpHeaders,
  url: URL,
): void {
  const offered = headers["www-authenticate"];
  try {
    auth.challenged(offered === undefined ? [] : [offered].flat());
  } catch (error) {
    if (!(error instanceof AcsAuthenticationError)) throw error;
    throw new CpeFaultError(9012, redactedUrl(url), [], { cause: error });
  }
}

/** The URL without its query, which for a presigned URL or an upload token holds a secret. */
export function redactedUrl(url: URL): string {
  return `${url.origin}${url.pathname}`;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
