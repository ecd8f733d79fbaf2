import type { XmppCrOutcome } from "../core/connection-request/cr-attempt.ts";
import type { CrMethod } from "../core/connection-request/cr-methods.ts";
import { describeXmppFailure } from "../core/connection-request/describe-cr-failure.ts";
import {
  type Delivery,
  fallbackStatus,
  httpFailedAttempt,
  xmppFailedAttempt,
} from "../core/connection-request/settle-delivery.ts";
import type {
  ConnectionRequestAttempt,
  ConnectionRequestStatus,
  DeviceRecord,
} from "../core/model/device.ts";
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

/**
 * Tries the methods in the operator's order until one is the last word: XMPP delivered, HTTP
 * delivered or busy (its back-off applies), or UDP. A failed attempt with a method after it is
 * recorded at once through `onFallback` (outcome `fallback`, the attempts so far), so the device
 * view shows the request in progress; the returned delivery carries those attempts as `earlier`.
 * A method the device cannot use (no JID, no URL, no STUN) is passed over silently.
 */
export async function deliverInOrder(
  deps: DeliveryDeps,
  device: DeviceRecord,
  credentials: CrCredentials | undefined,
  configured: readonly CrMethod[],
  onFallback: (status: ConnectionRequestStatus) => Promise<void>,
): Promise<Delivery> {
  // Methods this process cannot use at all are left out, so HTTP stays the last word without UDP.
  const methods = configured.filter(
    (method) =>
      (method !== "xmpp" || deps.xmpp !== undefined) &&
      (method !== "udp" || deps.sendUdp !== undefined),
  );
  const earlier: ConnectionRequestAttempt[] = [];
  const failed = async (attempt: ConnectionRequestAttempt) => {
    await onFallback(fallbackStatus(deps.clock.now(), earlier, attempt));
    earlier.push(attempt);
  };
  let httpAttempt: ConnectionRequestAttempt | undefined;
  let xmppFailure: XmppCrOutcome | undefined;
  let last: Delivery | undefined;
  for (const [index, method] of methods.entries()) {
    const more = index < methods.length - 1;
    if (method === "xmpp") {
      const xmpp = await tryXmpp(deps, device, credentials);
      if (xmpp.kind === "delivered") return { ...xmpp.delivery, earlier };
      if (xmpp.kind === "fell-back") {
        xmppFailure = xmpp.outcome;
        await failed(xmppFailedAttempt(xmpp.outcome));
      }
    } else if (method === "http") {
      const delivery = await tryHttp(deps, device, credentials, xmppFailure);
      const { final } = delivery;
      const settles = final.method === "http" && ["delivered", "busy"].includes(final.outcome.kind);
      if (settles || !more) return { ...delivery, earlier };
      if (final.method === "http") {
        httpAttempt = httpFailedAttempt(final.outcome);
        await failed(httpAttempt);
      }
      last = delivery;
    } else {
      const delivery = await tryUdp(deps, device, credentials, xmppFailure);
      if (delivery !== undefined) return { ...delivery, earlier };
    }
  }
  const at = deps.clock.now();
  const withNote = xmppFailure === undefined ? {} : { xmppNote: describeXmppFailure(xmppFailure) };
  if (last?.final.method === "http") {
    // HTTP failed and no method after it could be used for this device: HTTP is the last word,
    // listed once (as the final attempt).
    return { ...last, earlier: earlier.filter((attempt) => attempt !== httpAttempt) };
  }
  return {
    ...(last ?? {
      at,
      final: { method: "none", reason: "no-connection-request-url" },
      ...withNote,
    }),
    earlier,
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
