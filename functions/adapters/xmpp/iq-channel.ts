import { randomUUID } from "node:crypto";
import { buildPingIq } from "./connection-request-iq.ts";
import { createIqTracker, type IqAbortReason } from "./iq-tracker.ts";
import { isPlausibleReplier, type ParsedJid } from "./jid.ts";
import type { XmlElement } from "./raw-client.ts";
import type { IqRequester } from "./send-connection-request.ts";
import type { XmppConnection } from "./xmpp-connection.ts";

export interface IqChannelOptions {
  /** The stream IQs go out on now; undefined while the session is not online. */
  connection: () => XmppConnection | undefined;
  /** The server's domain: the addressee of XEP-0199 pings. */
  domain: string;
  /** How long a ping may go unanswered. */
  pingTimeoutMs: number;
}

/** A session's IQ traffic: every request tracked by id, with its own timeout, until it settles. */
export interface IqChannel {
  /** Sends an IQ and waits for its reply; never throws (send failures settle as aborted). */
  request: IqRequester;
  /** Hands an incoming stanza over; result/error IQs settle the pending IQ with their id. */
  onStanza(stanza: XmlElement): void;
  /** XEP-0199 ping of the server; true when answered (a result or an error). */
  ping(): Promise<boolean>;
  /** Settles every pending IQ as aborted; returns how many. */
  abortAll(reason: IqAbortReason): number;
  readonly pending: number;
}

export function createIqChannel(options: IqChannelOptions): IqChannel {
  const tracker = createIqTracker<XmlElement>();
  const serverJid: ParsedJid = { local: undefined, domain: options.domain, resource: undefined };

  const request: IqRequester = async (stanza, accepts, timeoutMs) => {
    const id = stanza.attrs.id;
    const current = options.connection();
    if (current === undefined || id === undefined)
      return { kind: "aborted", reason: "disconnected" };
    const settlement = tracker.track(id, { timeoutMs, accepts });
    current.send(stanza).catch(() => tracker.abort(id, "send-failed"));
    return settlement;
  };

  return {
    request,
    onStanza(stanza) {
      const { type, id } = stanza.attrs;
      if (stanza.name !== "iq" || id === undefined) return;
      if (type === "result" || type === "error") tracker.resolve(id, stanza);
    },
    async ping() {
      const stanza = buildPingIq(`ping-${randomUUID()}`, options.domain);
      const accepts = (reply: XmlElement) =>
        reply.attrs.from === undefined || isPlausibleReplier(reply.attrs.from, serverJid);
      const settlement = await request(stanza, accepts, options.pingTimeoutMs);
      return settlement.kind === "reply";
    },
    abortAll: (reason) => tracker.abortAll(reason),
    get pending() {
      return tracker.size;
    },
  };
}
