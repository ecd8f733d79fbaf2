import type { XmppSessionStatus } from "../adapters/xmpp/index.ts";

/** The sender's XMPP session as the banner describes it. */
export type LocalXmppState =
  | { readonly configured: false }
  | {
      readonly configured: true;
      readonly jid: string;
      readonly service: string;
      readonly status: XmppSessionStatus | "disabled";
    };

/** Where lifecycle events go, and how to watch them. */
export function eventsBannerLine(eventsFile: string): string {
  return `  Events:         ${eventsFile}   (tail -f it; set ACS_EVENTS_FILE to choose it)`;
}

/** "signed in as <jid>", or why not yet, or how to turn XMPP connection requests on. */
export function xmppBannerLine(xmpp: LocalXmppState): string {
  if (!xmpp.configured)
    return "  XMPP:           not configured (connection requests over HTTP; `npm run xmpp` prints how)";
  if (xmpp.status === "online")
    return `  XMPP:           signed in as ${xmpp.jid} on ${xmpp.service}`;
  return `  XMPP:           ${xmpp.jid} on ${xmpp.service} not signed in yet (${xmpp.status}; see the log)`;
}

/**
 * The simulator command to try. With XMPP on, simulated CPEs connect to the same server and
 * need to trust the same certificate as this process (NODE_EXTRA_CA_CERTS), as a real CPE
 * validates the server's certificate after STARTTLS (RFC 6120 section 5).
 */
export function simulatorHint(options: {
  readonly cwmpUrl: string;
  readonly xmpp: LocalXmppState;
  readonly extraCaCerts: string | undefined;
}): string {
  const trust =
    options.xmpp.configured && options.extraCaCerts
      ? `NODE_EXTRA_CA_CERTS=${options.extraCaCerts} `
      : "";
  return `    ${trust}npm run sim -- --acs ${options.cwmpUrl} --count 10`;
}

/** The HTTPS CWMP listener, when there is one, and whether it requires client certificates. */
export function cwmpTlsBannerLine(url: string | undefined, mutual: boolean): string[] {
  if (url === undefined) return [];
  const how = mutual
    ? "mutual TLS: a client certificate whose CN is the device id authenticates the CPE"
    : "TLS without client certificates (set ACS_CWMP_CLIENT_CA to require them)";
  return [`  CWMP (HTTPS):   ${url}   (${how})`];
}

/**
 * The front door's synth warning for plain-HTTP listeners (lib/constructs/cwmp-front-door.ts),
 * for the local plain listener: Basic sends passwords in the clear, and even with digest the
 * session itself can be read and rewritten on the path.
 */
export function plainHttpWarning(cpeAuth: "digest" | "basic" | "none"): string[] {
  if (cpeAuth === "none") return [];
  return [
    `  WARNING: the CWMP endpoint is plain HTTP: plain HTTP exposes passwords/session${cpeAuth === "basic" ? " (Basic sends the password in the clear)" : " (digest protects only the password)"}.`,
    "           Serve CPEs over HTTPS (ACS_CWMP_TLS_PORT) where they can.",
    "",
  ];
}
