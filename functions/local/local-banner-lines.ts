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
