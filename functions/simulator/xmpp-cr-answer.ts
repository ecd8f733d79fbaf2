import { bareJidKey, fullJidKey, parseJid } from "../adapters/xmpp/jid.ts";
import type { IncomingIq, IqAnswer } from "../adapters/xmpp/xmpp-endpoint.ts";

/** TR-069 Annex K connection request namespace. */
export const NS_XMPP_CONN_REQ = "urn:broadband-forum-org:cwmp:xmppConnReq-1-0";

export interface XmppCrPolicy {
  /** ManagementServer.ConnReqAllowedJabberIDs (comma-separated). */
  readonly allowedJabberIds: string;
  /** ManagementServer.ConnectionRequestUsername / ConnectionRequestPassword. */
  readonly username: string;
  readonly password: string;
  /** Starts a session with 6 CONNECTION REQUEST, or "busy" while one runs. */
  readonly connectionRequest: () => "accepted" | "busy";
}

const unavailable: IqAnswer = {
  kind: "error",
  errorType: "cancel",
  condition: "service-unavailable",
};

/**
 * Annex K: an empty list allows everyone; a bare JID in the list matches every resource of
 * that account, a full JID only itself.
 */
export function isAllowedJabberId(from: string | undefined, allowedList: string): boolean {
  const allowed = allowedList
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "");
  if (allowed.length === 0) return true;
  const sender = parseJid(from);
  if (!sender.ok) return false;
  return allowed.some((entry) => {
    const parsed = parseJid(entry);
    if (!parsed.ok) return false;
    return parsed.jid.resource === undefined
      ? bareJidKey(parsed.jid) === bareJidKey(sender.jid)
      : fullJidKey(parsed.jid) === fullJidKey(sender.jid);
  });
}

/**
 * The device's answer to an IQ (TR-069 Annex K): a connection request from an allowed JID
 * with the right credentials gets a result and starts a session; a disallowed sender, another
 * namespace or a busy device gets service-unavailable; wrong credentials get not-authorized.
 */
export function answerXmppConnectionRequest(iq: IncomingIq, policy: XmppCrPolicy): IqAnswer {
  if (
    iq.type !== "get" ||
    iq.payload.name !== "connectionRequest" ||
    iq.payload.namespace !== NS_XMPP_CONN_REQ
  ) {
    return unavailable;
  }
  if (!isAllowedJabberId(iq.from, policy.allowedJabberIds)) return unavailable;
  const username = iq.payload.childText("username");
  const password = iq.payload.childText("password");
  if (username !== policy.username || password !== policy.password) {
    return { kind: "error", errorType: "auth", condition: "not-authorized" };
  }
  return policy.connectionRequest() === "accepted" ? { kind: "result" } : unavailable;
}
