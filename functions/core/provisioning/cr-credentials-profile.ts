import type { Profile } from "./profile.ts";

/** The built-in profile setting per-device CR credentials on every CPE (ACS_CR_CREDENTIALS=per-device). */
export const crCredentialsProfileName = "builtin-connection-request-credentials";

/** A device's own connection-request credentials, in clear (the session sets them on the CPE). */
export interface DeviceCrCredentials {
  readonly crUsername: string;
  readonly crPassword: string;
}

/**
 * ManagementServer.ConnectionRequestUsername / ConnectionRequestPassword
 * (TR-069 3.2.2: the CPE authenticates connection requests with them) set to
 * the device's own pair, so a leaked shared pair does not wake every CPE. It
 * needs nothing but ManagementServer., which every CPE has (TR-181 / TR-098),
 * so it applies to HTTP-only CPEs as well as XMPP ones.
 */
export function crCredentialsProfile(root: string, credentials: DeviceCrCredentials): Profile {
  const management = `${root}ManagementServer.`;
  return {
    name: crCredentialsProfileName,
    precondition: { root },
    requires: [management],
    parameterValues: [
      {
        name: `${management}ConnectionRequestUsername`,
        value: credentials.crUsername,
        type: "string",
      },
      {
        name: `${management}ConnectionRequestPassword`,
        value: credentials.crPassword,
        type: "string",
        secret: true,
      },
    ],
    objects: [],
    notifications: [],
  };
}
