import type { ConnectionRequestOutcome, ConnectionRequestStatus } from "../model/device.ts";
import { assertNever } from "../session/assert-never.ts";
import { type BusyBackoffSettings, decideBusyRetry } from "./busy-backoff.ts";
import type { HttpCrOutcome, UdpCrOutcome, XmppCrOutcome } from "./cr-attempt.ts";
import {
  describeHttpFailure,
  describeUdpOutcome,
  describeXmppFailure,
} from "./describe-cr-failure.ts";
import type { MessageDisposition } from "./message-disposition.ts";

/** How the wake-up ended: XMPP delivered it, or HTTP was the last word, or there was no way. */
export type FinalAttempt =
  | { readonly method: "xmpp"; readonly outcome: Extract<XmppCrOutcome, { kind: "delivered" }> }
  | { readonly method: "http"; readonly outcome: HttpCrOutcome }
  | { readonly method: "udp"; readonly outcome: UdpCrOutcome }
  | { readonly method: "none"; readonly reason: "no-connection-request-url" };

export interface Delivery {
  readonly at: number;
  readonly final: FinalAttempt;
  /** Why XMPP was left for HTTP, when it was tried; carried into the final record's detail. */
  readonly xmppNote?: string;
}

/** The recorded outcomes (ConnectionRequestStatus.outcome); README lists them. */
export type CrRecordOutcome = ConnectionRequestOutcome;

export interface Settlement {
  readonly status: ConnectionRequestStatus & { readonly outcome: CrRecordOutcome };
  readonly disposition: MessageDisposition;
}

export interface SettleContext {
  readonly receiveCount: number;
  readonly notAfter: number | undefined;
  readonly now: number;
  readonly busy: BusyBackoffSettings;
  readonly random: () => number;
}

const remove: MessageDisposition = { kind: "delete" };

function withNote(detail: string, note: string | undefined): string {
  return note === undefined ? detail : `${detail}; after ${note}`;
}

/**
 * The record of an XMPP attempt that did not wake the CPE: HTTP is tried next (TR-069 3.2.2),
 * so it is not final; its detail is carried into the final record too.
 */
export function xmppFallbackStatus(at: number, outcome: XmppCrOutcome): ConnectionRequestStatus {
  return {
    at,
    method: "xmpp",
    outcome: "fallback",
    latencyMs: ms(outcome),
    detail: describeXmppFailure(outcome),
  };
}

/** The record of an HTTP attempt that failed while UDP (TR-069 Annex G) comes next. */
export function httpFallbackStatus(at: number, outcome: HttpCrOutcome): ConnectionRequestStatus {
  return {
    at,
    method: "http",
    outcome: "fallback",
    latencyMs: ms(outcome),
    detail: describeHttpFailure(outcome),
  };
}

/** Turns how the delivery ended into the device record and what becomes of the message. */
export function settleDelivery(delivery: Delivery, context: SettleContext): Settlement {
  const { final, at, xmppNote } = delivery;
  switch (final.method) {
    case "xmpp":
      return {
        status: { at, method: "xmpp", outcome: "delivered", latencyMs: ms(final.outcome) },
        disposition: remove,
      };
    case "none":
      return {
        status: { at, method: "none", outcome: "failed", detail: withNote(final.reason, xmppNote) },
        disposition: remove,
      };
    case "http":
      return settleHttp(final.outcome, delivery, context);
    case "udp":
      return {
        status: {
          at,
          method: "udp",
          outcome: final.outcome.kind === "delivered" ? "delivered" : "failed",
          latencyMs: ms(final.outcome),
          detail: withNote(describeUdpOutcome(final.outcome), xmppNote),
        },
        disposition: remove,
      };
    default:
      return assertNever(final);
  }
}

function settleHttp(
  outcome: HttpCrOutcome,
  delivery: Delivery,
  context: SettleContext,
): Settlement {
  const base = { at: delivery.at, method: "http" as const, latencyMs: ms(outcome) };
  const detail = withNote(describeHttpFailure(outcome), delivery.xmppNote);
  if (outcome.kind === "delivered") {
    return { status: { ...base, outcome: "delivered", detail }, disposition: remove };
  }
  if (outcome.kind !== "busy") {
    return { status: { ...base, outcome: "failed", detail }, disposition: remove };
  }
  const decision = decideBusyRetry({
    receiveCount: context.receiveCount,
    retryAfterSeconds: outcome.retryAfterSeconds,
    notAfter: context.notAfter,
    now: context.now,
    settings: context.busy,
    random: context.random,
  });
  if (decision.kind === "give-up") {
    return {
      status: { ...base, outcome: "failed", detail: `${detail}; ${decision.why}` },
      disposition: remove,
    };
  }
  const attempt = `attempt ${context.receiveCount} of ${context.busy.maxAttempts}`;
  return {
    status: {
      ...base,
      outcome: "retry-scheduled",
      detail: `${detail}; retry in ${decision.delaySeconds}s (${attempt})`,
    },
    disposition: { kind: "retry", delaySeconds: decision.delaySeconds, reason: "cpe-busy" },
  };
}

function ms(outcome: { readonly latencyMs: number }): number {
  return Math.round(outcome.latencyMs);
}
