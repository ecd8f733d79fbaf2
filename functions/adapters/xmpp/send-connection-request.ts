import { randomUUID } from "node:crypto";
import { classifyConnectionRequestReply } from "./classify-iq-reply.ts";
import { buildConnectionRequestIq } from "./connection-request-iq.ts";
import { XmppInvalidArgumentError } from "./errors.ts";
import { type IqSettlement, settlementOutcome } from "./iq-tracker.ts";
import { isPlausibleReplier, parseJid } from "./jid.ts";
import type { XmlElement } from "./raw-client.ts";
import type { SessionConfig } from "./session-config.ts";
import type { XmppConnectionRequest, XmppCrOutcome, XmppCrResult } from "./types.ts";

/** Sends an IQ over the current stream and waits for its reply; settles, never throws. */
export type IqRequester = (
  stanza: XmlElement,
  accepts: (reply: XmlElement) => boolean,
  timeoutMs: number,
) => Promise<IqSettlement<XmlElement>>;

export interface CrContext {
  config: Pick<SessionConfig, "now" | "logger">;
  request: IqRequester;
  isOnline: () => boolean;
}

/** TR-069 Annex K connection request; every expected outcome is returned, never thrown. */
export async function sendConnectionRequest(
  cr: XmppConnectionRequest,
  { config, request, isOnline }: CrContext,
): Promise<XmppCrOutcome> {
  const startedAt = config.now();
  const finish = (result: XmppCrResult): XmppCrOutcome => {
    const outcome = { ...result, latencyMs: config.now() - startedAt };
    // Never log the request or the reply: both can carry the CR password.
    config.logger.info("xmpp connection request", {
      to: cr.to,
      outcome: outcome.kind,
      latencyMs: outcome.latencyMs,
    });
    return outcome;
  };
  if (!Number.isFinite(cr.timeoutMs) || cr.timeoutMs <= 0) {
    throw new XmppInvalidArgumentError("timeoutMs", "must be a positive finite number");
  }
  const target = parseJid(cr.to);
  if (!target.ok) {
    config.logger.warn("xmpp connection request: bad CPE JID", { reason: target.reason });
    return finish({ kind: "error", condition: "jid-malformed", errorType: "modify" });
  }
  if (target.jid.resource === undefined) {
    // TR-069 Annex K wants the CPE's full JID; a bare JID is answered by the server.
    config.logger.warn("xmpp connection request to a bare JID", { to: cr.to });
  }
  if (!isOnline()) return finish({ kind: "session-down" });

  const stanza = buildConnectionRequestIq({
    id: `cr-${randomUUID()}`,
    to: cr.to,
    username: cr.username,
    password: cr.password,
  });
  const accepts = (reply: XmlElement) => isPlausibleReplier(reply.attrs.from, target.jid);
  return finish(
    settlementOutcome(await request(stanza, accepts, cr.timeoutMs), classifyConnectionRequestReply),
  );
}
