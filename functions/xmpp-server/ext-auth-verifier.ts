import { timingSafeEqual } from "node:crypto";
import { derivedXmppPassword } from "../core/provisioning/derived-xmpp-password.ts";
import { assertNever } from "../core/session/assert-never.ts";
import type { ExtAuthRequest } from "./ext-auth-codec.ts";

/** What the external-auth program knows: no account database, only keys. */
export interface ExtAuthSettings {
  /** The XMPP domain (the only one served). */
  readonly domain: string;
  /** ACS_XMPP_ACCOUNT_KEY: a CPE's password is HMAC-SHA256(key, username), base64url. */
  readonly accountKey: string;
  /** The ACS's own account, checked against its configured password. */
  readonly acsUser: string;
  readonly acsPassword: string;
}

// xmppUsernameFor's shape: "cpe-" and 24 hex digits. Other names are no CPE of ours.
const CPE_USER = /^cpe-[0-9a-f]{24}$/;

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a, "utf8");
  const right = Buffer.from(b, "utf8");
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Answers ejabberd's questions: a CPE account exists for every CPE-shaped name and its password
 * is the derived one (the scheme of operator-created accounts, so CPEs provisioned with
 * ACS_XMPP_CREATE_ACCOUNTS=false log in unchanged); the ACS account has its own password.
 * Registration, password changes and removal are refused (ejabberd asks with other commands).
 */
export function createExtAuthVerifier(
  settings: ExtAuthSettings,
): (request: ExtAuthRequest) => boolean {
  const known = (user: string, server: string) =>
    server.toLowerCase() === settings.domain && (user === settings.acsUser || CPE_USER.test(user));
  return (request) => {
    switch (request.kind) {
      case "isuser":
        return known(request.user, request.server);
      case "auth":
        if (!known(request.user, request.server)) return false;
        if (request.user === settings.acsUser)
          return sameText(request.password, settings.acsPassword);
        return sameText(request.password, derivedXmppPassword(settings.accountKey, request.user));
      case "unknown":
        return false;
      default:
        return assertNever(request);
    }
  };
}
