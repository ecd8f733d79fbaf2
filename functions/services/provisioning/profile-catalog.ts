import {
  builtInSecretPolicy,
  type SecretParameterPolicy,
} from "../../core/model/secret-parameters.ts";
import type { Profile } from "../../core/provisioning/profile.ts";
import { profileHash } from "../../core/provisioning/profile-hash.ts";
import { SecretUnreadableError } from "../../port-errors.ts";
import type { Clock, Logger, ProfileStore, SecretSealer } from "../../ports.ts";
import { openProfileSecrets, profileSecretDigest } from "../../tasks/profile-secrets.ts";

/** A profile with its content digest (computed once per load). */
export interface CatalogEntry {
  readonly profile: Profile;
  readonly hash: string;
}

/** The operator's profiles as sessions see them: loaded at most once per `ttlMs` per instance. */
export interface ProfileCatalog {
  profiles(): Promise<readonly CatalogEntry[]>;
}

/**
 * Caches the profile list per Lambda instance, so a periodic session does
 * not pay a read for it (the 3-request periodic session stays so). An edited
 * profile reaches sessions within `ttlMs`.
 */
export function createProfileCatalog(options: {
  readonly store: Pick<ProfileStore, "listProfiles" | "getProfile">;
  readonly clock: Clock;
  readonly ttlMs: number;
  /** Opens sealed secret values (ACS_SECRETS_KEY); a profile it cannot open is left out. */
  readonly sealer?: SecretSealer;
  /** Secret parameters (ACS_SECRET_PARAMETERS). @default builtInSecretPolicy */
  readonly secretPolicy?: SecretParameterPolicy;
  readonly logger?: Logger;
}): ProfileCatalog {
  let cached:
    | { readonly at: number; readonly entries: Promise<readonly CatalogEntry[]> }
    | undefined;
  const opened = (profile: Profile): Profile | undefined => {
    try {
      return openProfileSecrets(
        profile,
        options.sealer,
        options.secretPolicy ?? builtInSecretPolicy,
      );
    } catch (error) {
      if (!(error instanceof SecretUnreadableError)) throw error;
      options.logger?.error("profile left out: its sealed values cannot be opened", {
        profile: profile.name,
        context: error.context,
        hint: "is ACS_SECRETS_KEY set, and the key that sealed them?",
      });
      return undefined;
    }
  };
  const secretDigest = profileSecretDigest(options.sealer);
  const load = async (): Promise<readonly CatalogEntry[]> => {
    const names = await options.store.listProfiles();
    const profiles = await Promise.all(names.map((name) => options.store.getProfile(name)));
    return profiles
      .filter((profile): profile is Profile => profile !== undefined)
      .flatMap((profile) => {
        const usable = opened(profile);
        return usable ? [{ profile: usable, hash: profileHash(usable, secretDigest) }] : [];
      });
  };
  return {
    profiles: () => {
      const now = options.clock.now();
      if (cached === undefined || now - cached.at >= options.ttlMs) {
        const entries = load();
        cached = { at: now, entries };
        // A failed load is not cached: the next session tries again.
        entries.catch(() => {
          if (cached?.entries === entries) cached = undefined;
        });
      }
      return cached.entries;
    },
  };
}
