import type { CpeCredential, CpeCredentialStore } from "../../ports.ts";

/** One shared CPE username/password from configuration (TR-069 3.4.4). */
export function createStaticCredentialStore(options: {
  readonly username: string;
  readonly password: string;
}): CpeCredentialStore {
  const credential: CpeCredential = { secret: { kind: "password", password: options.password } };
  return {
    credentialFor: async (username) => (username === options.username ? credential : undefined),
  };
}

/** No credentials at all (authentication off). */
export const noCredentials: CpeCredentialStore = { credentialFor: async () => undefined };
