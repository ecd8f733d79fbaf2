import { type ClientCertificate, certificateDeviceId } from "../core/auth/client-certificate.ts";
import {
  basicMatches,
  type CpeAuthenticator,
  type CpeDigestAlgorithm,
  type DigestCheck,
} from "../core/auth/cpe-authenticator.ts";
import type { DigestUse } from "../core/auth/digest-use.ts";
import type { CpeCredentialStore, Logger } from "../ports.ts";
import { type CwmpHttpHead, type CwmpHttpResponse, textResponse } from "./cwmp-http.ts";

/** Who the request proved to be, or why not. */
export type CpeAuthResult =
  | { readonly kind: "anonymous-allowed" }
  | {
      readonly kind: "authenticated";
      readonly username: string;
      /** The device a per-device credential is bound to; absent for the shared credential. */
      readonly deviceId?: string;
      /** The digest answer, recorded by the write that opens the session (replay guard). */
      readonly digest?: DigestUse;
    }
  | {
      readonly kind: "challenge";
      readonly stale: boolean;
      /** Offer only these (an MD5-only record answered with SHA-256). */
      readonly algorithms?: readonly CpeDigestAlgorithm[];
    };

export interface AuthenticateCpeDeps {
  readonly authenticator: CpeAuthenticator;
  readonly credentials: CpeCredentialStore;
  readonly logger: Logger;
}

/**
 * Checks a request's Authorization against the credential store (TR-069 3.4.4) from its
 * headers alone, with at most one credential read. Basic is accepted only in "basic" mode (it
 * sends the password in clear, so use it over TLS only); digest mode refuses Basic. A verified
 * client certificate (mutual TLS) authenticates instead, bound to the device its CN names.
 */
export async function authenticateCpe(
  deps: AuthenticateCpeDeps,
  head: CwmpHttpHead,
  now: number,
): Promise<CpeAuthResult> {
  if (head.clientCertificate) return certificateAuthentication(deps, head.clientCertificate);
  const { authenticator } = deps;
  if (authenticator.mode === "none") return { kind: "anonymous-allowed" };
  const claim = authenticator.claim(head.headers.authorization, head, now);
  const refused = { kind: "challenge", stale: false } as const;
  if (claim.kind === "none" || claim.kind === "malformed") return refused;
  if (claim.kind === "basic" && authenticator.mode !== "basic") return refused;
  const credential = await deps.credentials.credentialFor(claim.username);
  if (!credential) return refused;
  const bound = credential.deviceId !== undefined && { deviceId: credential.deviceId };
  if (claim.kind === "basic") {
    const ok = basicMatches(credential.secret, claim.username, authenticator.realm, claim.password);
    return ok ? { kind: "authenticated", username: claim.username, ...bound } : refused;
  }
  const check = claim.check(credential.secret);
  if (check.kind !== "ok") return refusal(check);
  if (check.withoutQop) {
    // Logged by message: the CDK metric filter "DigestWithoutQop" counts these lines.
    deps.logger.warn("digest answer without qop accepted", {
      username: claim.username,
      sourceIp: head.sourceIp,
    });
  }
  return { kind: "authenticated", username: claim.username, ...bound, digest: check.use };
}

/**
 * The certificate was verified by the TLS terminator; what is left is which device it speaks
 * for. `deviceId` makes open-session.ts refuse an Inform from any other device.
 */
function certificateAuthentication(
  deps: AuthenticateCpeDeps,
  certificate: ClientCertificate,
): CpeAuthResult {
  const deviceId = certificateDeviceId(certificate);
  if (deviceId === undefined) {
    deps.logger.warn("client certificate without CN refused", {
      subject: certificate.subject,
      serialNumber: certificate.serialNumber,
    });
    return { kind: "challenge", stale: false };
  }
  return { kind: "authenticated", username: `certificate:${certificate.serialNumber}`, deviceId };
}

function refusal(check: Exclude<DigestCheck, { kind: "ok" }>): CpeAuthResult {
  switch (check.kind) {
    case "stale":
      return { kind: "challenge", stale: true };
    case "md5-only":
      // The record predates SHA-256 (only its MD5 HA1 is stored). stale=true (RFC 7616 3.3)
      // makes the CPE answer the MD5 challenge at once instead of giving up on its password.
      return { kind: "challenge", stale: true, algorithms: ["MD5"] };
    default:
      return { kind: "challenge", stale: false };
  }
}

/** 401 with a fresh challenge (RFC 7235 section 3.1); nothing read from the body. */
export function authenticationRequired(
  authenticator: CpeAuthenticator,
  now: number,
  challenge: { readonly stale: boolean; readonly algorithms?: readonly CpeDigestAlgorithm[] } = {
    stale: false,
  },
): CwmpHttpResponse {
  return textResponse(401, "authentication required", {
    "www-authenticate": authenticator.challenge(now, challenge),
  });
}
