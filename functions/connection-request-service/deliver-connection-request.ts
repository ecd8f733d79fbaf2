import type { XmppCrOutcome } from "../core/connection-request/cr-attempt.ts";
import type { CrMethod } from "../core/connection-request/cr-methods.ts";
import { describeXmppFailure } from "../core/connection-request/describe-cr-failure.ts";
import {
  type Delivery,
  httpFallbackStatus,
  xmppFallbackStatus,
} from "../core/connection-request/settle-delivery.ts";
import type { ConnectionRequestStatus, DeviceRecord } from "../core/model/device.ts";
import type {
  Clock,
  CrCredentials,
  CrMetrics,
  HttpCrSender,
  Logger,
  UdpCrSender,
  XmppCrSender,
} from "../ports.ts";

export interface DeliveryDeps {
  readonly xmpp: XmppCrSender | undefined;
  readonly sendHttp: HttpCrSender;
  /** Undefined when UDP CRs are off (no STUN server in this process). */
  readonly sendUdp?: UdpCrSender;
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

/** The final delivery and the attempts that fell back on the way, oldest first. */
export interface OrderedDelivery {
  readonly delivery: Delivery;
  readonly fallbacks: readonly ConnectionRequestStatus[];
}

/**
 * Tries the methods in the operator's order until one is the last word: XMPP delivered, HTTP
 * delivered or busy (its back-off applies), or UDP. A failed attempt with a method after it
 * becomes a `fallback` record; a method the device cannot use (no JID, no URL, no STUN) is
 * passed over silently.
 */
export async function deliverInOrder(
  deps: DeliveryDeps,
  device: DeviceRecord,
  credentials: CrCredentials | undefined,
  configured: readonly CrMethod[],
): Promise<OrderedDelivery> {
  // Methods this process cannot use at all are left out, so HTTP stays the last word without UDP.
  const methods = configured.filter(
    (method) =>
      (method !== "xmpp" || deps.xmpp !== undefined) &&
      (method !== "udp" || deps.sendUdp !== undefined),
  );
  const fallbacks: ConnectionRequestStatus[] = [];
  let xmppFailure: XmppCrOutcome | undefined;
  let last: Delivery | undefined;
  for (const [index, method] of methods.entries()) {
    const more = index < methods.length - 1;
    if (method === "xmpp") {
      const xmpp = await tryXmpp(deps, device, credentials);
      if (xmpp.kind === "delivered") return { delivery: xmpp.delivery, fallbacks };
      if (xmpp.kind === "fell-back") {
        xmppFailure = xmpp.outcome;
        fallbacks.push(xmppFallbackStatus(xmpp.at, xmpp.outcome));
      }
    } else if (method === "http") {
      const delivery = await tryHttp(deps, device, credentials, xmppFailure);
      const { final } = delivery;
      const settles = final.method === "http" && ["delivered", "busy"].includes(final.outcome.kind);
      if (settles || !more) return { delivery, fallbacks };
      if (final.method === "http") fallbacks.push(httpFallbackStatus(delivery.at, final.outcome));
      last = delivery;
    } else {
      const delivery = await tryUdp(deps, device, credentials, xmppFailure);
      if (delivery !== undefined) return { delivery, fallbacks };
    }
  }
  const at = deps.clock.now();
  const withNote = xmppFailure === undefined ? {} : { xmppNote: describeXmppFailure(xmppFailure) };
  return {
    delivery: last ?? {
      at,
      final: { method: "none", reason: "no-connection-request-url" },
      ...withNote,
    },
    fallbacks,
  };
}

/** UDP with STUN (TR-069 Annex G) when this process runs the STUN server; undefined when not. */
async function tryUdp(
  deps: DeliveryDeps,
  device: DeviceRecord,
  credentials: CrCredentials | undefined,
  xmppFailure: XmppCrOutcome | undefined,
): Promise<Delivery | undefined> {
  if (deps.sendUdp === undefined) return undefined;
  const at = deps.clock.now();
  const outcome = await deps.sendUdp(device, credentials);
  const withNote = xmppFailure === undefined ? {} : { xmppNote: describeXmppFailure(xmppFailure) };
  return { at, final: { method: "udp", outcome }, ...withNote };
}
