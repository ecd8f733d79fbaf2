import { basicMatches, type CpeAuthenticator } from "../core/auth/cpe-authenticator.ts";
import type { CpeCredentialStore } from "../ports.ts";

/** Who the request proved to be, or why not. */
export type CpeAuthResult =
  | { readonly kind: "anonymous-allowed" }
  | { readonly kind: "authenticated"; readonly username: string; readonly deviceId?: string }
  | { readonly kind: "challenge"; readonly stale: boolean };

/**
 * Checks a request's Authorization against the credential store (TR-069
 * 3.4.4). Basic is accepted only in "basic" mode (it sends the password in
 * clear, so use it over TLS only); digest mode refuses Basic.
 */
export async function authenticateCpe(options: {
  readonly authenticator: CpeAuthenticator;
  readonly credentials: CpeCredentialStore;
  readonly authorization: string | undefined;
  readonly method: string;
  readonly now: number;
}): Promise<CpeAuthResult> {
  const { authenticator } = options;
  if (authenticator.mode === "none") return { kind: "anonymous-allowed" };
  const claim = authenticator.claim(options.authorization, options.method, options.now);
  if (claim.kind === "none" || claim.kind === "malformed")
    return { kind: "challenge", stale: false };
  if (claim.kind === "basic" && authenticator.mode !== "basic")
    return { kind: "challenge", stale: false };
  const credential = await options.credentials.credentialFor(claim.username);
  if (!credential) return { kind: "challenge", stale: false };
  const verdict =
    claim.kind === "basic"
      ? basicMatches(credential.secret, claim.username, authenticator.realm, claim.password)
        ? "ok"
        : "wrong"
      : claim.check(credential.secret);
  if (verdict !== "ok") return { kind: "challenge", stale: verdict === "stale" };
  return {
    kind: "authenticated",
    username: claim.username,
    ...(credential.deviceId !== undefined && { deviceId: credential.deviceId }),
  };
}
