import { createHash, createHmac } from "node:crypto";

/**
 * The XMPP account name of a device: stable, a valid JID localpart (RFC
 * 7622), and it reveals nothing of the device's identity.
 */
export function xmppUsernameFor(deviceId: string): string {
  return `cpe-${createHash("sha256").update(deviceId).digest("hex").slice(0, 24)}`;
}

/**
 * For operators who create CPE accounts themselves (ACS_XMPP_CREATE_ACCOUNTS=false): the
 * password is HMAC-SHA256(ACS_XMPP_ACCOUNT_KEY, username) in base64url, so their provisioning
 * can compute it from the device id and the shared key, ahead of time and without the ACS.
 */
export function derivedXmppPassword(accountKey: string, username: string): string {
  return createHmac("sha256", accountKey).update(username, "utf8").digest("base64url");
}
