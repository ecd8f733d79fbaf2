import type { XmppAccountStatus } from "../model/device.ts";
import { assertNever } from "../session/assert-never.ts";
import type { XmppAddUserOutcome } from "./cr-attempt.ts";

/**
 * What to record on the device after a XEP-0133 Add User, or undefined when the attempt should
 * be repeated (the session was down or the server did not answer in time). A refusal is final:
 * the API shows it and the CPE stays reachable over HTTP.
 */
export function xmppAccountStatus(
  outcome: XmppAddUserOutcome,
  at: number,
): XmppAccountStatus | undefined {
  switch (outcome.kind) {
    case "created":
    case "exists":
      return { status: outcome.kind, at };
    case "password-reset":
      return { status: "exists", at, detail: "existed; its password was set to this device's" };
    case "forbidden":
      return refused(at, "the ACS account is not an admin of the XMPP server");
    case "unsupported":
      return refused(at, "the XMPP server does not offer XEP-0133 Add User");
    case "error":
      return refused(
        at,
        `xmpp error: ${outcome.condition}${outcome.text ? ` (${outcome.text})` : ""}`,
      );
    case "timeout":
    case "session-down":
      return undefined;
    default:
      return assertNever(outcome);
  }
}

function refused(at: number, detail: string): XmppAccountStatus {
  return { status: "refused", at, detail };
}
