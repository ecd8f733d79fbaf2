import type { HttpCrOutcome } from "../adapters/http-cr/index.ts";
import type {
  XmppAddUserOutcome,
  XmppAddUserRequest,
  XmppCrOutcome,
  XmppSessionStatus,
} from "../adapters/xmpp/index.ts";
import type { DeviceRecord } from "../core/model/device.ts";

/** ManagementServer.ConnectionRequestUsername / ConnectionRequestPassword for one device. */
export interface CrCredentials {
  readonly username: string;
  readonly password: string;
}

/** Where CR credentials come from: per device once provisioned (issue 6), else the shared pair. */
export interface CrCredentialSource {
  credentialsFor(device: DeviceRecord): CrCredentials | undefined;
}

/** The HTTP connection request, with guard and timeouts already bound. */
export type HttpCrSender = (request: {
  readonly url: string;
  readonly username?: string;
  readonly password?: string;
}) => Promise<HttpCrOutcome>;

/** The part of the XMPP session the service uses. */
export interface XmppCrSender {
  readonly status: XmppSessionStatus;
  sendConnectionRequest(request: {
    to: string;
    username: string;
    password: string;
    timeoutMs: number;
  }): Promise<XmppCrOutcome>;
}

/** The part of the XMPP session that creates CPE accounts (XEP-0133), issue 6. */
export interface XmppAccountCreator {
  /** The session's own domain: accounts are created there. */
  readonly domain: string;
  addUser(request: XmppAddUserRequest): Promise<XmppAddUserOutcome>;
}

/** One SQS message as the handler sees it. */
export interface QueueMessage {
  readonly messageId: string;
  readonly body: string;
  /** ApproximateReceiveCount (1 on first delivery). */
  readonly receiveCount: number;
}

/** What to do with a message once handled. */
export type MessageDisposition =
  /** The outcome is recorded (or there was nothing to record): delete it. */
  | { readonly kind: "delete" }
  /** It can never be processed: move it to the DLQ with this reason. */
  | { readonly kind: "dead-letter"; readonly reason: string }
  /** Try again later: make it visible again after this many seconds. */
  | { readonly kind: "retry"; readonly delaySeconds: number; readonly reason: string };

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

/** Counters and the CR latency; dimensions are low-cardinality (method, reason). */
export interface CrMetrics {
  count(name: CrMetricName, dimensions?: Readonly<Record<string, string>>): void;
  latency(method: "xmpp" | "http", milliseconds: number): void;
}
