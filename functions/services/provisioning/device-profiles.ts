import type { DeviceRecord, SealedCrSecrets } from "../../core/model/device.ts";
import {
  derivedXmppPassword,
  xmppUsernameFor,
} from "../../core/provisioning/derived-xmpp-password.ts";
import { deviceRoot } from "../../core/provisioning/match-precondition.ts";
import { profileHash } from "../../core/provisioning/profile-hash.ts";
import { secretContext } from "../../core/provisioning/secret-context.ts";
import { type DeviceCrSecrets, xmppProfile } from "../../core/provisioning/xmpp-profile.ts";
import { SecretUnreadableError } from "../../port-errors.ts";
import type { IdSource, Logger } from "../../ports.ts";
import type { CatalogEntry } from "./profile-catalog.ts";
import type { ProvisioningDeps, XmppProvisioningDeps } from "./provisioning-deps.ts";

/** The profiles that may apply to a device, and the device with any secrets generated for them. */
export interface DeviceProfiles {
  readonly entries: readonly CatalogEntry[];
  readonly device: DeviceRecord;
}

/**
 * The built-in profile first (CR credentials before anything else needs a
 * CR), then the operator's profiles in name order.
 */
export async function deviceProfiles(
  deps: {
    readonly provisioning: ProvisioningDeps;
    readonly ids: IdSource;
    readonly logger: Logger;
  },
  device: DeviceRecord,
  now: number,
): Promise<DeviceProfiles> {
  const operator = await deps.provisioning.catalog.profiles();
  const xmpp = deps.provisioning.xmpp;
  const root = deviceRoot(device);
  if (xmpp === undefined || root === undefined) return { entries: operator, device };
  const withSecrets = device.crSecrets
    ? device
    : { ...device, crSecrets: generate(deps.ids, xmpp, device, now) };
  const secrets = openSecrets(xmpp, withSecrets);
  if (secrets === undefined) {
    deps.logger.error("per-device secrets cannot be opened (was ACS_SECRETS_KEY changed?)", {
      deviceId: device.id,
    });
    return { entries: operator, device };
  }
  const profile = xmppProfile(xmpp.settings, root, secrets);
  return { entries: [{ profile, hash: profileHash(profile) }, ...operator], device: withSecrets };
}

/**
 * The account name is derived from the device id (stable, a valid JID
 * localpart, no identity leaked); the passwords are 128-bit random, except
 * the XMPP one when the operator creates accounts (derived from their key).
 */
function generate(
  ids: IdSource,
  xmpp: XmppProvisioningDeps,
  device: DeviceRecord,
  now: number,
): SealedCrSecrets {
  const username = xmppUsernameFor(device.id);
  const xmppPassword =
    xmpp.accountKey === undefined ? ids.randomId() : derivedXmppPassword(xmpp.accountKey, username);
  return {
    crUsername: username,
    crPassword: xmpp.sealer.seal(ids.randomId(), secretContext(device.id, "crPassword")),
    xmppUsername: username,
    xmppPassword: xmpp.sealer.seal(xmppPassword, secretContext(device.id, "xmppPassword")),
    createdAt: now,
  };
}

function openSecrets(
  xmpp: XmppProvisioningDeps,
  device: DeviceRecord,
): DeviceCrSecrets | undefined {
  const sealed = device.crSecrets;
  if (!sealed) return undefined;
  try {
    return {
      crUsername: sealed.crUsername,
      crPassword: xmpp.sealer.open(sealed.crPassword, secretContext(device.id, "crPassword")),
      xmppUsername: sealed.xmppUsername,
      xmppPassword: xmpp.sealer.open(sealed.xmppPassword, secretContext(device.id, "xmppPassword")),
    };
  } catch (error) {
    if (error instanceof SecretUnreadableError) return undefined;
    throw error;
  }
}
