import { contentHash } from "../../core/provisioning/profile-hash.ts";
import type { SecretSealer } from "../../ports.ts";
import { profileSecretDigest } from "../../tasks/profile-secrets.ts";
import type { ProvisioningDeps } from "./provisioning-deps.ts";

/**
 * What every profile decision rests on besides the device: the operator's profiles (names and
 * content hashes), the built-in profiles' settings, the identity of the sealing keys (a key
 * change re-seals secrets), the timing and the RPC limit. A profiles' quiet period worked out
 * under another fingerprint is void (core/session/idle-at-inform.ts), so an edited profile or
 * setting reaches a device at its next session, as it did when every session looked.
 */
export async function provisioningFingerprint(
  provisioning: ProvisioningDeps,
  taskSealer: SecretSealer | undefined,
): Promise<string> {
  const { xmpp, crCredentials, stun } = provisioning;
  const sealer = xmpp?.sealer ?? crCredentials?.sealer ?? stun?.sealer;
  const keyId = (s: SecretSealer | undefined) => profileSecretDigest(s)("key", "provisioning");
  const operator = await provisioning.catalog.profiles();
  return contentHash({
    operator: operator.map((entry) => [entry.profile.name, entry.hash]),
    xmpp: xmpp && {
      settings: xmpp.settings,
      createAccounts: xmpp.createAccounts,
      accountKey:
        xmpp.accountKey === undefined
          ? null
          : profileSecretDigest(xmpp.sealer)(xmpp.accountKey, "xmpp-account-key"),
    },
    crCredentials: crCredentials !== undefined,
    stun: stun?.settings ?? null,
    keys: [keyId(sealer), keyId(taskSealer)],
    timing: provisioning.timing,
    maxRpcsPerSession: provisioning.maxRpcsPerSession,
  });
}
