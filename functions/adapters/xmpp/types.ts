import type {
  XmppAddUserOutcome,
  XmppAddUserRequest,
  XmppConnectionRequest,
  XmppCrOutcome,
} from "../../core/connection-request/cr-attempt.ts";

// The attempt vocabulary lives in the core (the sender's decisions read it); re-exported here
// so the adapter's public surface is unchanged.
export type {
  XmppAddUserOutcome,
  XmppAddUserRequest,
  XmppConnectionRequest,
  XmppCrOutcome,
  XmppCrResult,
} from "../../core/connection-request/cr-attempt.ts";

import type { Logger } from "../../ports.ts";

export type XmppSessionStatus =
  | "idle"
  | "connecting"
  | "online"
  | "reconnecting"
  | "stopping"
  | "stopped";

export interface XmppSessionOptions {
  /** xmpp://host:port (STARTTLS) or xmpps://host:port (direct TLS, system trust store only). */
  service: string;
  /** Bare JID of the ACS account, e.g. acs@xmpp.example.com. */
  jid: string;
  password: string;
  /** Unique per sender instance (e.g. acs-<random>): two sessions with one full JID conflict. */
  resource: string;
  /** STARTTLS required; false only for local testing. */
  requireTls: boolean;
  /** @default true */
  tlsRejectUnauthorized?: boolean;
  /** Extra trusted CA certificate(s), PEM, for a private XMPP server CA. */
  tlsCa?: string | readonly string[];
  /** XEP-0199 ping interval while online. @default 60000 */
  keepAliveIntervalMs?: number;
  /** How long a ping may go unanswered before the stream counts as dead. @default min(10000, interval) */
  keepAliveTimeoutMs?: number;
  /** Limit for TCP connect + TLS + SASL + bind. @default 15000 */
  connectTimeoutMs?: number;
  /** Wait for the server's </stream:stream> on stop(). @default 2000 */
  stopTimeoutMs?: number;
  /** @default { initialDelayMs: 1000, maxDelayMs: 60000 } */
  reconnect?: { initialDelayMs: number; maxDelayMs: number };
  /** Uniform in [0, 1), for back-off jitter. @default Math.random */
  random?: () => number;
  /** Monotonic milliseconds, for latencyMs. @default performance.now */
  now?: () => number;
  logger?: Logger;
}

export type XmppStatusListener = (status: XmppSessionStatus, previous: XmppSessionStatus) => void;

export interface XmppSession {
  readonly status: XmppSessionStatus;
  /** The full JID bound by the server while online. */
  readonly boundJid: string | undefined;
  /** The error that stopped the session for good (auth, TLS), if any. */
  readonly fatalError: Error | undefined;
  /** IQs awaiting a reply (CRs and pings): 0 once every request has settled. */
  readonly pendingIqs: number;
  /**
   * Starts connecting (and reconnecting, with back-off, until stop()). Resolves when first
   * online; rejects with the fatal error, or XmppSessionStoppedError if stopped before.
   */
  start(): Promise<void>;
  /** Closes the stream cleanly (</stream:stream>), settles pending IQs, never reconnects. */
  stop(): Promise<void>;
  onStatus(listener: XmppStatusListener): () => void;
  sendConnectionRequest(request: XmppConnectionRequest): Promise<XmppCrOutcome>;
  /** Creates an account with XEP-0133 over XEP-0050, as this session's (admin) account. */
  addUser(request: XmppAddUserRequest): Promise<XmppAddUserOutcome>;
}
