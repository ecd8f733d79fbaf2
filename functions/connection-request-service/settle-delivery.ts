import type { HttpCrOutcome } from "../adapters/http-cr/index.ts";
import type { ConnectionRequestOutcome, ConnectionRequestStatus } from "../core/model/device.ts";
import { type BusyBackoffSettings, decideBusyRetry } from "./busy-backoff.ts";
import type { Delivery } from "./deliver-connection-request.ts";
import type { MessageDisposition } from "./types.ts";

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

/** Why an HTTP connection request failed, for the record (never the password). */
export function describeHttpFailure(outcome: HttpCrOutcome): string {
  switch (outcome.kind) {
    case "delivered":
      return `http ${outcome.status}`;
    case "auth-failed":
      return `http auth-failed: ${outcome.reason}`;
    case "busy":
      return "http busy (503)";
    case "unreachable":
      return `http unreachable: ${outcome.reason}`;
    case "refused-url":
      return `http refused-url: ${outcome.reason}`;
    case "redirect-refused":
      return `http redirect-refused (${outcome.status})`;
    case "unexpected-status":
      return `http unexpected-status (${outcome.status})`;
    default:
      return assertNever(outcome);
  }
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

function assertNever(value: never): never {
  throw new Error(`unexpected value: ${JSON.stringify(value)}`);
}
