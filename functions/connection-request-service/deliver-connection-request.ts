import type { XmppCrOutcome } from "../core/connection-request/cr-attempt.ts";
import { describeXmppFailure } from "../core/connection-request/describe-cr-failure.ts";
import type { Delivery } from "../core/connection-request/settle-delivery.ts";
import type { DeviceRecord } from "../core/model/device.ts";
import type {
  Clock,
  CrCredentials,
  CrMetrics,
  HttpCrSender,
  Logger,
  XmppCrSender,
} from "../ports.ts";

export interface DeliveryDeps {
  readonly xmpp: XmppCrSender | undefined;
  readonly sendHttp: HttpCrSender;
  readonly xmppTimeoutMs: number;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly metrics: CrMetrics;
}

/** How the XMPP attempt went: not tried, delivered, or left for HTTP. */
export type XmppAttempt =
  | { readonly kind: "not-tried" }
  | { readonly kind: "delivered"; readonly delivery: Delivery }
  | { readonly kind: "fell-back"; readonly at: number; readonly outcome: XmppCrOutcome };

/**
 * XMPP first (TR-069 Annex K) when the device has a ConnReqJabberID and XMPP is configured.
 * Any failure is returned as `fell-back`: the caller records it, then tries HTTP.
 */
export async function tryXmpp(
  deps: DeliveryDeps,
  device: DeviceRecord,
  credentials: CrCredentials | undefined,
): Promise<XmppAttempt> {
  const jid = device.connReqJabberId;
  if (deps.xmpp === undefined || jid === undefined || jid === "") return { kind: "not-tried" };
  const at = deps.clock.now();
  const outcome = await deps.xmpp.sendConnectionRequest({
    to: jid,
    username: credentials?.username ?? "",
    password: credentials?.password ?? "",
    timeoutMs: deps.xmppTimeoutMs,
  });
  if (outcome.kind === "delivered") {
    return { kind: "delivered", delivery: { at, final: { method: "xmpp", outcome } } };
  }
  deps.metrics.count("CrFallback", { Reason: outcome.kind });
  deps.logger.warn("xmpp connection request failed, falling back to http", {
    deviceId: device.id,
    outcome: outcome.kind,
    latencyMs: Math.round(outcome.latencyMs),
  });
  return { kind: "fell-back", at, outcome };
}

/**
 * The HTTP connection request (TR-069 3.2.2), which every CPE supports: the last word after
 * XMPP fell back (`xmppFailure`, carried into the final record's detail), or the only one.
 */
export async function tryHttp(
  deps: DeliveryDeps,
  device: DeviceRecord,
  credentials: CrCredentials | undefined,
  xmppFailure: XmppCrOutcome | undefined,
): Promise<Delivery> {
  const at = deps.clock.now();
  const withNote = xmppFailure === undefined ? {} : { xmppNote: describeXmppFailure(xmppFailure) };
  const url = device.connectionRequestUrl;
  if (url === undefined || url === "") {
    return { at, final: { method: "none", reason: "no-connection-request-url" }, ...withNote };
  }
  const outcome = await deps.sendHttp({
    url,
    ...(credentials && { username: credentials.username, password: credentials.password }),
  });
  return { at, final: { method: "http", outcome }, ...withNote };
}
