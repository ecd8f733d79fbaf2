import type {
  HttpCrOutcome,
  UdpCrOutcome,
  XmppAddUserOutcome,
  XmppAddUserRequest,
  XmppConnectionRequest,
  XmppCrOutcome,
} from "./core/connection-request/cr-attempt.ts";
import type { DeviceRecord } from "./core/model/device.ts";
import type { ConnectionRequestMessage } from "./messages/connection-request-message.ts";

/**
 * The ports of the connection-request path: the queue the API and campaigns feed, and what the
 * sender needs to wake a CPE (HTTP, XMPP, UDP), its credentials, messages and metrics.
 * Re-exported by ports.ts.
 */

export interface ConnectionRequestQueue {
  send(message: ConnectionRequestMessage): Promise<void>;
}

/** ManagementServer.ConnectionRequestUsername / ConnectionRequestPassword for one device. */
export interface CrCredentials {
  readonly username: string;
  readonly password: string;
}

/** Where the sender's CR credentials come from: per device once provisioned, else the shared pair. */
export interface CrCredentialSource {
  credentialsFor(device: DeviceRecord): CrCredentials | undefined;
}

/**
 * Sends a UDP connection request (TR-069 Annex G) from the STUN server's socket and waits for
 * the session it asks for; adapters/udp.
 */
export type UdpCrSender = (
  device: DeviceRecord,
  credentials: CrCredentials | undefined,
) => Promise<UdpCrOutcome>;

/** The HTTP connection request (TR-069 3.2.2), with guard and timeouts already bound. */
export type HttpCrSender = (request: {
  readonly url: string;
  readonly username?: string;
  readonly password?: string;
}) => Promise<HttpCrOutcome>;

/** The part of the XMPP session (TR-069 Annex K) the sender uses to wake a CPE. */
export interface XmppCrSender {
  sendConnectionRequest(request: XmppConnectionRequest): Promise<XmppCrOutcome>;
}

/** The part of the XMPP session that creates CPE accounts (XEP-0133). */
export interface XmppAccountCreator {
  /** The session's own domain: accounts are created there. */
  readonly domain: string;
  addUser(request: XmppAddUserRequest): Promise<XmppAddUserOutcome>;
}

/** One message of the connection-request queue as the sender's handler sees it. */
export interface QueueMessage {
  readonly messageId: string;
  readonly body: string;
  /** ApproximateReceiveCount (1 on first delivery). */
  readonly receiveCount: number;
}

export type CrMetricName =
  | "CrReceived"
  | "CrDelivered"
  | "CrFallback"
  | "CrFailed"
  | "CrSkipped"
  | "CrExpired"
  | "CrRetryScheduled"
  | "CrDeadLettered"
  | "CrTaskQueued"
  | "CrLatency"
  | "XmppAccount";

/** The sender's counters and CR latency; dimensions are low-cardinality (method, reason). */
export interface CrMetrics {
  count(name: CrMetricName, dimensions?: Readonly<Record<string, string>>): void;
  latency(method: "xmpp" | "http" | "udp", milliseconds: number): void;
}
