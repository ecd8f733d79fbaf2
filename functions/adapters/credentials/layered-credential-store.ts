import type { CpeCredentialStore } from "../../ports.ts";

/** Per-device credentials first, then the shared one (TR-069 3.4.4: shared or per device). */
export function layeredCredentialStore(stores: readonly CpeCredentialStore[]): CpeCredentialStore {
  return {
    credentialFor: async (username) => {
      for (const store of stores) {
        const found = await store.credentialFor(username);
        if (found) return found;
      }
      return undefined;
    },
  };
}
