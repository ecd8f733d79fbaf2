import type { Profile } from "./profile.ts";

/** The built-in profile's name; API profile names cannot start with "builtin-". */
export const stunProfileName = "builtin-stun-connection-requests";

/** What the operator configured for UDP connection requests through NAT (TR-069 Annex G). */
export interface StunProvisioningSettings {
  /** ManagementServer.STUNServerAddress: the STUN server's public address (the NLB's Elastic IPs). */
  readonly serverAddress: string;
  /** ManagementServer.STUNServerPort (RFC 5389 18.4: 3478). */
  readonly serverPort: number;
  /**
   * ManagementServer.STUNMinimumKeepAlivePeriod in seconds: the CPE's Binding Requests keep its
   * NAT mapping (and the load balancer's UDP flow) open, so it must stay below both idle timeouts.
   */
  readonly keepAliveSeconds: number;
}

/**
 * The built-in profile "UDP connection requests" (TR-069 Annex G, TR-111
 * Part 2) for one device: STUN on, pointed at the ACS's STUN server, with the
 * device id as STUNUsername (the server finds the device by it) and the
 * device's own sealed STUNPassword (MESSAGE-INTEGRITY, RFC 5389 15.4); active
 * notification on UDPConnectionRequestAddress so a changed NAT mapping reaches
 * the ACS at once (4 VALUE CHANGE). It applies only where the model proves
 * ManagementServer.STUNEnable (TR-181 Device.ManagementServer., TR-098
 * InternetGatewayDevice.ManagementServer.); other CPEs stay untouched.
 */
export function stunProfile(
  settings: StunProvisioningSettings,
  root: string,
  device: { readonly id: string; readonly stunPassword: string },
): Profile {
  const management = `${root}ManagementServer.`;
  return {
    name: stunProfileName,
    precondition: { root },
    requires: [`${management}STUNEnable`],
    parameterValues: [
      { name: `${management}STUNEnable`, value: "true", type: "boolean" },
      { name: `${management}STUNServerAddress`, value: settings.serverAddress, type: "string" },
      {
        name: `${management}STUNServerPort`,
        value: String(settings.serverPort),
        type: "unsignedInt",
      },
      { name: `${management}STUNUsername`, value: device.id, type: "string" },
      {
        name: `${management}STUNPassword`,
        value: device.stunPassword,
        type: "string",
        secret: true,
      },
      {
        name: `${management}STUNMinimumKeepAlivePeriod`,
        value: String(settings.keepAliveSeconds),
        type: "unsignedInt",
      },
    ],
    objects: [],
    notifications: [{ name: `${management}UDPConnectionRequestAddress`, notification: 2 }],
  };
}
