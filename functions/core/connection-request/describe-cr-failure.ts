import { assertNever } from "../session/assert-never.ts";
import type { HttpCrOutcome, UdpCrOutcome, XmppCrOutcome } from "./cr-attempt.ts";

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

/** How a UDP connection request (TR-069 Annex G) ended, for the record. */
export function describeUdpOutcome(outcome: UdpCrOutcome): string {
  switch (outcome.kind) {
    case "delivered":
    case "no-session":
      return `udp ${outcome.kind}: ${outcome.datagrams} datagrams to ${outcome.target.source}`;
    case "no-address":
      return "udp no-address: no fresh STUN binding and no UDPConnectionRequestAddress";
    case "send-failed":
      return `udp send-failed: ${outcome.detail}`;
    default:
      return assertNever(outcome);
  }
}
