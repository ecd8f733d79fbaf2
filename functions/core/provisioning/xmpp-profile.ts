import type { ProfileState } from "../model/profile-state.ts";
import type { DesiredObject, DesiredObjectValue, DesiredValue, Profile } from "./profile.ts";

/** The built-in profile's name; API profile names cannot start with "builtin-". */
export const xmppProfileName = "builtin-xmpp-connection-requests";

/** What the operator configured for CPE-side XMPP (TR-069 Annex K). */
export interface XmppProvisioningSettings {
  /** The ACS's bare JID: the only sender the CPE accepts CR IQs from (ConnReqAllowedJabberIDs). */
  readonly acsJid: string;
  /** The XMPP domain CPE accounts live on. */
  readonly domain: string;
  /** Server addresses for XMPP.Connection.{i}.Server (ServerTable); empty: the CPE resolves the domain. */
  readonly servers: readonly { readonly address: string; readonly port: number }[];
  readonly useTls: boolean;
  /** The resource CPEs bind (their full JID is username@domain/resource). */
  readonly resource: string;
}

/** Per-device secrets the ACS generated (in clear here: the session sets them on the CPE). */
export interface DeviceCrSecrets {
  readonly crUsername: string;
  readonly crPassword: string;
  readonly xmppUsername: string;
  readonly xmppPassword: string;
}

/**
 * The built-in profile "XMPP connection requests" (TR-069 Annex K)
 * for one device: per-device CR credentials (so HTTP and XMPP CRs are
 * authenticated per device), an XMPP connection logged in with the device's
 * own account, ManagementServer pointing CRs at it and accepting only the
 * ACS's JID, and active notification so ConnReqJabberID changes reach the
 * ACS. It applies to TR-181 and TR-098 roots whose model proves an XMPP
 * object (its ConnectionNumberOfEntries answers the probe); others stay
 * HTTP-only. Older models without Connection.{i}.Server. get the domain only
 * (the CPE resolves it, DNS-SRV); fixed connection instances are configured
 * in place. With `crCredentials: false` the CR credentials are left to the
 * built-in CR-credentials profile (cr-credentials-profile.ts), which sets them on every CPE.
 */
export function xmppProfile(
  settings: XmppProvisioningSettings,
  root: string,
  secrets: DeviceCrSecrets,
  options: { readonly crCredentials: boolean } = { crCredentials: true },
): Profile {
  const management = `${root}ManagementServer.`;
  const credentials: readonly DesiredValue[] = [
    { name: `${management}ConnectionRequestUsername`, value: secrets.crUsername, type: "string" },
    {
      name: `${management}ConnectionRequestPassword`,
      value: secrets.crPassword,
      type: "string",
      secret: true,
    },
  ];
  const connection: DesiredObject = {
    table: `${root}XMPP.Connection.`,
    match: { Username: secrets.xmppUsername },
    parameterValues: [
      { name: "Enable", value: "true", type: "boolean" },
      { name: "Username", value: secrets.xmppUsername, type: "string" },
      { name: "Password", value: secrets.xmppPassword, type: "string", secret: true },
      { name: "Domain", value: settings.domain, type: "string" },
      { name: "Resource", value: settings.resource, type: "string" },
      { name: "UseTLS", value: String(settings.useTls), type: "boolean" },
      ...(settings.servers.length > 0 ? serverConnectAlgorithm : []),
    ],
    objects: settings.servers.map((server, index) => ({
      table: "Server.",
      optional: true,
      match: { ServerAddress: server.address },
      parameterValues: [
        { name: "Enable", value: "true", type: "boolean" },
        { name: "Priority", value: String(index), type: "unsignedInt" },
        { name: "ServerAddress", value: server.address, type: "string" },
        { name: "Port", value: String(server.port), type: "unsignedInt" },
      ],
    })),
    referencedBy: [`${management}ConnReqXMPPConnection`],
    // Passive (TR-069 A.3.2.4): status changes ride on the next Inform instead of each opening
    // a session of its own; the JID change (forced active) is what makes the device reachable.
    notifications: [{ name: "Status", notification: 1 }],
  };
  return {
    name: xmppProfileName,
    precondition: {
      root,
      parametersInclude: { [`${management}SupportedConnReqMethods`]: "XMPP" },
    },
    // XMPP. rather than its Connection. table: an empty table has nothing to prove it exists,
    // XMPP.ConnectionNumberOfEntries does (TR-181).
    requires: [management, `${root}XMPP.`],
    parameterValues: [
      ...(options.crCredentials ? credentials : []),
      { name: `${management}ConnReqAllowedJabberIDs`, value: settings.acsJid, type: "string" },
    ],
    objects: [connection],
    notifications: [{ name: `${management}ConnReqJabberID`, notification: 2 }],
  };
}

/**
 * TR-181 XMPP.Connection.{i}.ServerConnectAlgorithm: "ServerTable" where the
 * model has the Server table; without it, "DNS-SRV" (the default: the CPE
 * looks the domain up, RFC 6120 3.2.1) where the parameter exists at all.
 */
const serverConnectAlgorithm: readonly DesiredObjectValue[] = [
  {
    name: "ServerConnectAlgorithm",
    value: "ServerTable",
    type: "string",
    onlyIf: { present: ["Server."] },
  },
  {
    name: "ServerConnectAlgorithm",
    value: "DNS-SRV",
    type: "string",
    onlyIf: { present: ["ServerConnectAlgorithm"], absent: ["Server."] },
  },
];

/** How the built-in profile provisioned a device: with server addresses or the domain only. */
export interface XmppVariant {
  readonly variant: "server-table" | "domain-only";
  readonly instance: "dynamic" | "fixed";
}

/** The variant the built-in profile converged on; undefined until it did. */
export function xmppVariantOf(state: ProfileState | undefined): XmppVariant | undefined {
  if (state?.status !== "converged") return undefined;
  const shape = state.shape ?? { present: [], absent: [], fixed: [] };
  return {
    variant: shape.present.some((table) => table.endsWith(".Server."))
      ? "server-table"
      : "domain-only",
    instance: shape.fixed.some((table) => table.endsWith("XMPP.Connection.")) ? "fixed" : "dynamic",
  };
}
