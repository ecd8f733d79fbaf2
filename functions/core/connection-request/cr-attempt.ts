/**
 * What one connection-request attempt asks and how it can end, whichever adapter makes it:
 * HTTP (TR-069 3.2.2), XMPP (TR-069 Annex K) and the XEP-0133 account creation the sender runs
 * for the built-in XMPP profile. The adapters return these; the decisions read them.
 */

/** Why a destination address is never a CPE's connection-request endpoint. */
export type BlockedAddressReason =
  | "loopback"
  | "unspecified"
  | "link-local"
  | "metadata"
  | "multicast"
  | "broadcast"
  | "reserved";

export type UrlRefusalReason =
  | "invalid-url"
  | "unsupported-scheme"
  | "userinfo"
  /** The operator restricted ports (stage option) and this one is not among them. */
  | "port-not-allowed"
  /** The operator restricted networks (stage option) and an address lies outside them. */
  | "network-not-allowed"
  | BlockedAddressReason;

export type UnreachableReason =
  | "dns-failure"
  | "connection-refused"
  | "connect-timeout"
  | "response-timeout"
  | "connection-reset"
  | "host-unreachable"
  | "tls-error"
  | "protocol-error"
  | "network-error";

export type AuthFailedReason =
  /** 401 to the request carrying credentials. */
  | "rejected"
  /** 401, but the ACS holds no ConnectionRequestUsername for this CPE. */
  | "no-credentials"
  /** 401 without a challenge we may answer (unknown scheme/algorithm, or Basic not allowed). */
  | "no-supported-challenge"
  /** 401 whose WWW-Authenticate could not be parsed. */
  | "bad-challenge";

interface Timed {
  /** From the call to the outcome, including DNS and both attempts. */
  readonly latencyMs: number;
}

/** The result of one HTTP connection request (TR-069 3.2.2); `kind` discriminates. */
export type HttpCrOutcome =
  | (Timed & {
      readonly kind: "delivered";
      readonly status: 200 | 204;
      readonly authenticated: boolean;
    })
  | (Timed & {
      readonly kind: "auth-failed";
      readonly status: 401;
      readonly reason: AuthFailedReason;
    })
  | (Timed & { readonly kind: "busy"; readonly status: 503; readonly retryAfterSeconds?: number })
  | (Timed & { readonly kind: "unreachable"; readonly reason: UnreachableReason })
  | (Timed & { readonly kind: "refused-url"; readonly reason: UrlRefusalReason })
  | (Timed & { readonly kind: "redirect-refused"; readonly status: number })
  | (Timed & { readonly kind: "unexpected-status"; readonly status: number });

export interface XmppConnectionRequest {
  /** The CPE's full JID (ManagementServer.ConnReqJabberID). */
  to: string;
  /** ManagementServer.ConnectionRequestUsername / ConnectionRequestPassword. */
  username: string;
  password: string;
  timeoutMs: number;
}

/** Every expected end of an XMPP connection request; nothing here is thrown. */
export type XmppCrResult =
  | { kind: "delivered" }
  | { kind: "service-unavailable" }
  | { kind: "not-authorized" }
  | { kind: "timeout" }
  /** Not online when asked, or the stream dropped while waiting: fall back to HTTP. */
  | { kind: "session-down" }
  /** Any other stanza error; condition "jid-malformed" also for a missing/invalid `to`. */
  | { kind: "error"; condition: string; errorType?: string };

export type XmppCrOutcome = XmppCrResult & { latencyMs: number };

/** XEP-0133 "Add User": create an account on the session's own server (admins only). */
export interface XmppAddUserRequest {
  /** Bare JID of the new account, on the session's domain. */
  jid: string;
  password: string;
  /** Bound for the whole exchange (execute + submit). */
  timeoutMs: number;
  /**
   * When the account exists, set its password to `password` (XEP-0133 Change User Password):
   * for accounts whose name the caller owns (derived from a device id), so a lost password
   * (a new sealing key, a restored table) heals instead of locking the CPE out.
   */
  resetPasswordIfExists?: boolean;
}

/** Every expected end of an Add User command; nothing here is thrown. */
export type XmppAddUserOutcome =
  | { kind: "created" }
  | { kind: "exists" }
  /** It existed; its password is now the one given (resetPasswordIfExists). */
  | { kind: "password-reset" }
  /** The session's account is not a server admin. */
  | { kind: "forbidden" }
  /** The server does not offer the command (module not loaded). */
  | { kind: "unsupported" }
  | { kind: "timeout" }
  /** Not online when asked, or the stream dropped while waiting. */
  | { kind: "session-down" }
  /** Any other failure; text is the server's note, when it gave one. */
  | { kind: "error"; condition: string; text?: string };

/** Where a UDP connection request goes (TR-069 Annex G), and why there. */
export interface UdpCrTarget {
  readonly address: string;
  readonly port: number;
  readonly source: "stun-binding" | "udp-connection-request-address";
}

/**
 * How a UDP connection request ended. UDP carries no answer: it counts as delivered when a
 * `6 CONNECTION REQUEST` session started within the window after the first datagram.
 */
export type UdpCrOutcome =
  | (Timed & {
      readonly kind: "delivered";
      readonly target: UdpCrTarget;
      readonly datagrams: number;
    })
  | (Timed & {
      readonly kind: "no-session";
      readonly target: UdpCrTarget;
      readonly datagrams: number;
    })
  | (Timed & { readonly kind: "no-address" })
  | (Timed & { readonly kind: "send-failed"; readonly detail: string });
