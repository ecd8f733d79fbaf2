import type { Profile } from "../core/provisioning/profile.ts";
import type { ProfileStore } from "../ports.ts";

/**
 * The operator's profiles, in name order (one read per profile: operators keep
 * a handful). Secret values stay sealed: callers only read preconditions and names.
 */
export async function loadProfiles(store: ProfileStore): Promise<readonly Profile[]> {
  const names = await store.listProfiles();
  const profiles = await Promise.all(names.map((name) => store.getProfile(name)));
  return profiles.filter((profile): profile is Profile => profile !== undefined);
}
