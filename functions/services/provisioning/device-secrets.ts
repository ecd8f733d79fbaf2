import type { DeviceRecord, SealedCrSecrets } from "../../core/model/device.ts";
import {
  derivedXmppPassword,
  xmppUsernameFor,
} from "../../core/provisioning/derived-xmpp-password.ts";
import { secretContext } from "../../core/provisioning/secret-context.ts";
import { SecretUnreadableError } from "../../port-errors.ts";
import type { IdSource, SecretSealer } from "../../ports.ts";

/** A device's per-device secrets in clear (the session sets them on the CPE); XMPP only when on. */
export interface OpenedSecrets {
  readonly crUsername: string;
  readonly crPassword: string;
  readonly xmpp?: { readonly username: string; readonly password: string };
  /** ManagementServer.STUNPassword (TR-069 Annex G); only when UDP CRs are on. */
  readonly stunPassword?: string;
}

/** The device's secrets opened, and as they must be stored (the same object when unchanged). */
export interface DeviceSecrets {
  readonly opened: OpenedSecrets;
  readonly sealed: SealedCrSecrets;
  /** Some were sealed under an old key and are sealed again under the current one. */
  readonly resealed: boolean;
}

type SealedField = "crPassword" | "xmppPassword" | "stunPassword";

/**
 * Opens a device's secrets, generating what is missing (the CR pair; the
 * XMPP pair when `xmpp` is given) and sealing again under the current key
 * what an old key sealed, so a rotated-out key stops being needed once the
 * device has had a session. The account name is derived from the device id
 * (stable, a valid JID localpart, no identity leaked); passwords are 128-bit
 * random, except the XMPP one when the operator creates accounts (derived from
 * their key). With `stun` (UDP CRs on) the STUN password is generated too: the
 * ACS's STUN server checks MESSAGE-INTEGRITY with it (RFC 5389 15.4, TR-069 Annex G).
 * Undefined when a stored value cannot be opened (its key is gone).
 */
export function deviceSecrets(
  deps: {
    readonly ids: IdSource;
    readonly sealer: SecretSealer;
    readonly xmpp?: { readonly accountKey?: string };
    readonly stun?: boolean;
  },
  device: DeviceRecord,
  now: number,
): DeviceSecrets | undefined {
  const { sealer } = deps;
  const stored = device.crSecrets;
  const username = xmppUsernameFor(device.id);
  const open = (field: SealedField, sealed: string | undefined) =>
    sealed === undefined ? undefined : sealer.open(sealed, secretContext(device.id, field));
  let crPassword: string | undefined;
  let xmppPassword: string | undefined;
  let stunPassword: string | undefined;
  try {
    crPassword = open("crPassword", stored?.crPassword);
    xmppPassword = open("xmppPassword", stored?.xmppPassword);
    stunPassword = open("stunPassword", stored?.stunPassword);
  } catch (error) {
    if (error instanceof SecretUnreadableError) return undefined;
    throw error;
  }
  crPassword ??= deps.ids.randomId();
  if (deps.xmpp && xmppPassword === undefined) {
    const key = deps.xmpp.accountKey;
    xmppPassword = key === undefined ? deps.ids.randomId() : derivedXmppPassword(key, username);
  }
  if (deps.stun) stunPassword ??= deps.ids.randomId();
  // Kept as stored unless an old key sealed it: an unchanged record is not written again.
  const sealedAs = (field: SealedField, plain: string, before: string | undefined): string =>
    before !== undefined && !sealer.needsReseal(before)
      ? before
      : sealer.seal(plain, secretContext(device.id, field));
  const next: SealedCrSecrets = {
    ...stored,
    crUsername: stored?.crUsername ?? username,
    crPassword: sealedAs("crPassword", crPassword, stored?.crPassword),
    ...(xmppPassword !== undefined && {
      xmppUsername: stored?.xmppUsername ?? username,
      xmppPassword: sealedAs("xmppPassword", xmppPassword, stored?.xmppPassword),
    }),
    ...(stunPassword !== undefined && {
      stunPassword: sealedAs("stunPassword", stunPassword, stored?.stunPassword),
    }),
    createdAt: stored?.createdAt ?? now,
  };
  const resealed =
    stored !== undefined &&
    (next.crPassword !== stored.crPassword ||
      (stored.xmppPassword !== undefined && next.xmppPassword !== stored.xmppPassword) ||
      (stored.stunPassword !== undefined && next.stunPassword !== stored.stunPassword));
  const unchanged =
    stored !== undefined &&
    !resealed &&
    next.xmppPassword === stored.xmppPassword &&
    next.stunPassword === stored.stunPassword;
  const xmppUsername = next.xmppUsername;
  return {
    opened: {
      crUsername: next.crUsername,
      crPassword,
      ...(xmppUsername !== undefined &&
        xmppPassword !== undefined && { xmpp: { username: xmppUsername, password: xmppPassword } }),
      ...(stunPassword !== undefined && { stunPassword }),
    },
    sealed: unchanged ? stored : next,
    resealed,
  };
}
