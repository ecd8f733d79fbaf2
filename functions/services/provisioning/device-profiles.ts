import { bulkDataCredentials } from "../../core/bulk-data/bulk-data-credentials.ts";
import { bulkDataProfile } from "../../core/bulk-data/bulk-data-profile.ts";
import type { DeviceRecord } from "../../core/model/device.ts";
import { crCredentialsProfile } from "../../core/provisioning/cr-credentials-profile.ts";
import { deviceRoot } from "../../core/provisioning/match-precondition.ts";
import type { Profile } from "../../core/provisioning/profile.ts";
import { profileHash } from "../../core/provisioning/profile-hash.ts";
import { stunProfile } from "../../core/provisioning/stun-profile.ts";
import { xmppProfile } from "../../core/provisioning/xmpp-profile.ts";
import type { IdSource, Logger, SecretSealer } from "../../ports.ts";
import { profileSecretDigest } from "../../tasks/profile-secrets.ts";
import { deviceSecrets, type OpenedSecrets } from "./device-secrets.ts";
import type { CatalogEntry } from "./profile-catalog.ts";
import type { ProvisioningDeps } from "./provisioning-deps.ts";

/** The profiles that may apply to a device, and the device with any secrets generated for them. */
export interface DeviceProfiles {
  readonly entries: readonly CatalogEntry[];
  readonly device: DeviceRecord;
}

/**
 * The built-in profiles first (CR credentials before anything else needs a
 * CR), then the operator's profiles in name order. The device comes back with
 * its secrets as they must be stored (generated, or sealed again under the
 * current key), written with the session.
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
  const catalog = await deps.provisioning.catalog.profiles();
  const { xmpp, crCredentials, stun } = deps.provisioning;
  const sealer = xmpp?.sealer ?? crCredentials?.sealer ?? stun?.sealer;
  const root = deviceRoot(device);
  const operator = [...bulkDataEntry(deps.provisioning, device, root, sealer), ...catalog];
  if (sealer === undefined || root === undefined) return { entries: operator, device };
  const secrets = deviceSecrets(
    { ids: deps.ids, sealer, ...(xmpp && { xmpp }), stun: stun !== undefined },
    device,
    now,
  );
  if (secrets === undefined) {
    deps.logger.error("per-device secrets cannot be opened (was their sealing key removed?)", {
      deviceId: device.id,
    });
    return { entries: operator, device };
  }
  if (secrets.resealed) {
    deps.logger.info("sealed secrets re-sealed under the current key", { deviceId: device.id });
  }
  const builtIn = builtInProfiles(deps.provisioning, root, device.id, secrets.opened);
  const secretDigest = profileSecretDigest(sealer);
  return {
    entries: [
      ...builtIn.map((profile) => ({ profile, hash: profileHash(profile, secretDigest) })),
      ...operator,
    ],
    device: secrets.sealed === device.crSecrets ? device : { ...device, crSecrets: secrets.sealed },
  };
}

function builtInProfiles(
  provisioning: ProvisioningDeps,
  root: string,
  deviceId: string,
  secrets: OpenedSecrets,
): Profile[] {
  const { xmpp, crCredentials, stun } = provisioning;
  const profiles = crCredentials ? [crCredentialsProfile(root, secrets)] : [];
  if (xmpp && secrets.xmpp) {
    const all = {
      crUsername: secrets.crUsername,
      crPassword: secrets.crPassword,
      xmppUsername: secrets.xmpp.username,
      xmppPassword: secrets.xmpp.password,
    };
    // With the CR-credentials profile on, it alone sets them (one owner per parameter).
    profiles.push(xmppProfile(xmpp.settings, root, all, { crCredentials: !crCredentials }));
  }
  if (stun && secrets.stunPassword !== undefined) {
    profiles.push(
      stunProfile(stun.settings, root, { id: deviceId, stunPassword: secrets.stunPassword }),
    );
  }
  return profiles;
}

/**
 * The built-in bulk data profile, after the per-device secret profiles: TR-181 devices only
 * (TR-098 has no BulkData object). Its password derives from the key, so it needs no sealer;
 * its hash fingerprints the password under the sealer when there is one (a key rotation then
 * applies the profile again), else masks it.
 */
function bulkDataEntry(
  provisioning: ProvisioningDeps,
  device: DeviceRecord,
  root: string | undefined,
  sealer: SecretSealer | undefined,
): CatalogEntry[] {
  const bulk = provisioning.bulkData;
  if (bulk === undefined || root !== "Device.") return [];
  const profile = bulkDataProfile(bulk.settings, bulkDataCredentials(bulk.key, device.id));
  return [{ profile, hash: profileHash(profile, profileSecretDigest(sealer)) }];
}
