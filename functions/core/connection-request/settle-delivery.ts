import type {
  ConnectionRequestAttempt,
  ConnectionRequestOutcome,
  ConnectionRequestStatus,
} from "../model/device.ts";
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
  /** The attempts that failed before the final one, oldest first. */
  readonly earlier?: readonly ConnectionRequestAttempt[];
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

/** An XMPP attempt that did not wake the CPE; the next method follows (TR-069 3.2.2). */
export function xmppFailedAttempt(outcome: XmppCrOutcome): ConnectionRequestAttempt {
  return {
    method: "xmpp",
    outcome: "failed",
    latencyMs: ms(outcome),
    detail: describeXmppFailure(outcome),
  };
}

/** An HTTP attempt that failed while UDP (TR-069 Annex G) comes next. */
export function httpFailedAttempt(outcome: HttpCrOutcome): ConnectionRequestAttempt {
  return {
    method: "http",
    outcome: "failed",
    latencyMs: ms(outcome),
    detail: describeHttpFailure(outcome),
  };
}

/**
 * The interim record while the next method is tried: the last failed attempt's method, outcome
 * `fallback`, and every attempt so far. It is not final: the settled record replaces it.
 */
export function fallbackStatus(
  at: number,
  earlier: readonly ConnectionRequestAttempt[],
  failed: ConnectionRequestAttempt,
): ConnectionRequestStatus {
  const { method, latencyMs, detail } = failed;
  return {
    at,
    method,
    outcome: "fallback",
    ...(latencyMs !== undefined && { latencyMs }),
    ...(detail !== undefined && { detail }),
    attempts: [...earlier, failed],
  };
}

/**
 * Turns how the delivery ended into the device record and what becomes of the message. The
 * record lists every attempt: the earlier ones, then the final method with the record's outcome.
 */
export function settleDelivery(delivery: Delivery, context: SettleContext): Settlement {
  const settlement = settleFinal(delivery, context);
  const { final, earlier = [] } = delivery;
  const { status } = settlement;
  const attempts =
    final.method === "none"
      ? earlier
      : [
          ...earlier,
          {
            method: final.method,
            outcome: status.outcome,
            latencyMs: ms(final.outcome),
            ...ownDetail(final),
          },
        ];
  if (attempts.length === 0) return settlement;
  return { ...settlement, status: { ...status, attempts } };
}

/** What the final method itself said, without the notes about earlier methods. */
function ownDetail(final: Exclude<FinalAttempt, { method: "none" }>): { detail?: string } {
  switch (final.method) {
    case "xmpp":
      return {};
    case "http":
      return { detail: describeHttpFailure(final.outcome) };
    case "udp":
      return { detail: describeUdpOutcome(final.outcome) };
    default:
      return assertNever(final);
  }
}

function settleFinal(delivery: Delivery, context: SettleContext): Settlement {
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
