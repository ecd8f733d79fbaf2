import type { HttpCrOutcome } from "../adapters/http-cr/index.ts";
import type { XmppCrOutcome } from "../adapters/xmpp/index.ts";
import type { ConnectionRequestStatus, DeviceRecord } from "../core/model/device.ts";
import type { Clock, Logger } from "../ports.ts";
import type { CrCredentials, CrMetrics, HttpCrSender, XmppCrSender } from "./types.ts";

/** How the wake-up ended: XMPP delivered it, or HTTP was the last word, or there was no way. */
export type FinalAttempt =
  | { readonly method: "xmpp"; readonly outcome: Extract<XmppCrOutcome, { kind: "delivered" }> }
  | { readonly method: "http"; readonly outcome: HttpCrOutcome }
  | { readonly method: "none"; readonly reason: "no-connection-request-url" };

export interface Delivery {
  readonly at: number;
  readonly final: FinalAttempt;
  /** Why XMPP was left for HTTP, when it was tried; carried into the final record's detail. */
  readonly xmppNote?: string;
}

export interface DeliveryDeps {
  readonly xmpp: XmppCrSender | undefined;
  readonly sendHttp: HttpCrSender;
  readonly xmppTimeoutMs: number;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly metrics: CrMetrics;
  /** Stores one attempt on the device (DeviceStore.recordConnectionRequest). */
  readonly record: (status: ConnectionRequestStatus) => Promise<void>;
}

/** Why an XMPP attempt did not wake the CPE, for logs and the recorded detail (no secrets). */
export function describeXmppFailure(outcome: XmppCrOutcome): string {
  switch (outcome.kind) {
    case "not-authorized":
      // TR-069 Annex K: the CPE checks ConnectionRequestUsername/Password; ours differ from its.
      return "xmpp not-authorized: connection-request credentials mismatch";
    case "error":
      return `xmpp error: ${outcome.condition}`;
    case "delivered":
    case "service-unavailable":
    case "timeout":
    case "session-down":
      return `xmpp ${outcome.kind}`;
    default:
      return assertNever(outcome);
  }
}

/**
 * XMPP first (TR-069 Annex K) when the device has a ConnReqJabberID and XMPP is configured;
 * any failure falls back to the HTTP connection request (3.2.2), which the CPE supports too.
 * The XMPP attempt that fell back is recorded on the device before HTTP is tried.
 */
export async function deliverConnectionRequest(
  deps: DeliveryDeps,
  device: DeviceRecord,
  credentials: CrCredentials | undefined,
): Promise<Delivery> {
  const jid = device.connReqJabberId;
  let xmppNote: string | undefined;
  if (deps.xmpp !== undefined && jid !== undefined && jid !== "") {
    const at = deps.clock.now();
    const outcome = await deps.xmpp.sendConnectionRequest({
      to: jid,
      username: credentials?.username ?? "",
      password: credentials?.password ?? "",
      timeoutMs: deps.xmppTimeoutMs,
    });
    if (outcome.kind === "delivered") return { at, final: { method: "xmpp", outcome } };
    xmppNote = describeXmppFailure(outcome);
    deps.metrics.count("CrFallback", { Reason: outcome.kind });
    deps.logger.warn("xmpp connection request failed, falling back to http", {
      deviceId: device.id,
      outcome: outcome.kind,
      latencyMs: Math.round(outcome.latencyMs),
    });
    await deps.record({
      at,
      method: "xmpp",
      outcome: "fallback",
      latencyMs: Math.round(outcome.latencyMs),
      detail: xmppNote,
    });
  }
  const at = deps.clock.now();
  const withNote = xmppNote === undefined ? {} : { xmppNote };
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

function assertNever(value: never): never {
  throw new Error(`unexpected value: ${JSON.stringify(value)}`);
}
