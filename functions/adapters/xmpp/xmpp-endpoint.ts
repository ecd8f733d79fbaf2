import type { Logger } from "../../ports.ts";
import { silentLogger } from "../log/silent-logger.ts";
import { NS_STANZAS } from "./classify-iq-reply.ts";
import { XmppOptionsError } from "./errors.ts";
import { type XmlElement, xml } from "./raw-client.ts";
import { checkService } from "./session-config.ts";
import { describeError, openXmppConnection, type XmppStreamTarget } from "./xmpp-connection.ts";

/** An IQ request (get/set) that reached the endpoint (RFC 6120 section 8.2.3). */
export interface IncomingIq {
  readonly id: string;
  /** Full JID of the sender as stamped by the server; undefined when the server itself. */
  readonly from: string | undefined;
  readonly type: "get" | "set";
  /** The one child element carrying the request. */
  readonly payload: {
    readonly name: string;
    readonly namespace: string | undefined;
    /** Text of a direct child element, undefined when the child is missing. */
    childText(name: string): string | undefined;
  };
}

/** How the handler answers: an empty result or a stanza error (RFC 6120 section 8.3). */
export type IqAnswer =
  | { readonly kind: "result" }
  | {
      readonly kind: "error";
      readonly errorType: "auth" | "cancel" | "continue" | "modify" | "wait";
      readonly condition: string;
    };

/** The account fields as a stream takes them; `resource` empty lets the server pick one (RFC 6120 7.6). */
export interface XmppEndpointOptions
  extends Pick<XmppStreamTarget, "service" | "domain" | "username" | "password" | "resource"> {
  /** Refuse to authenticate without TLS (e.g. TR-181 XMPP.Connection.{i}.UseTLS). */
  requireTls: boolean;
  /** @default true */
  tlsRejectUnauthorized?: boolean;
  /** Extra trusted CA certificate(s), PEM. */
  tlsCa?: string | readonly string[];
  /** TCP + TLS + SASL + bind. @default 10000 */
  connectTimeoutMs?: number;
  /** Answers every IQ get/set; a throw is answered with internal-server-error. */
  onIq: (iq: IncomingIq) => IqAnswer | Promise<IqAnswer>;
  logger?: Logger;
  /** Aborting while connecting gives up (XmppSessionStoppedError). */
  signal?: AbortSignal;
}

/** One logged-in client stream answering IQs: the device side of TR-069 Annex K. */
export interface XmppEndpoint {
  /** The full JID bound by the server. */
  readonly boundJid: string;
  /** TLS is in place. */
  readonly secure: boolean;
  /** Settles once the stream or socket is gone (server shutdown, network); never rejects. */
  readonly closed: Promise<void>;
  /** </stream:stream>, then the socket. @default timeoutMs 2000 */
  close(timeoutMs?: number): Promise<void>;
  destroy(): void;
}

const badRequest: IqAnswer = { kind: "error", errorType: "modify", condition: "bad-request" };

function toIncoming(stanza: XmlElement): IncomingIq | undefined {
  const { type, id } = stanza.attrs;
  if (stanza.name !== "iq" || (type !== "get" && type !== "set") || id === undefined) {
    return undefined;
  }
  const payload = stanza.getChildElements()[0];
  return {
    id,
    from: stanza.attrs.from,
    type,
    payload: {
      name: payload?.name ?? "",
      namespace: payload?.attrs.xmlns,
      childText: (name) => payload?.getChildText(name) ?? undefined,
    },
  };
}

/** What the library's IQ callee turns into the reply: true is an empty result. */
export function iqAnswerPayload(answer: IqAnswer): XmlElement | true {
  if (answer.kind === "result") return true;
  return xml("error", { type: answer.errorType }, xml(answer.condition, NS_STANZAS));
}

async function answer(iq: IncomingIq, options: XmppEndpointOptions): Promise<IqAnswer> {
  try {
    return await options.onIq(iq);
  } catch (error) {
    options.logger?.error("xmpp iq handler threw", describeError(error));
    return { kind: "error", errorType: "cancel", condition: "internal-server-error" };
  }
}

/**
 * Logs in as a plain XMPP client (the way a CPE does, TR-069 Annex K) and answers IQ requests
 * with options.onIq. Like deployed CPE agents, an error reply echoes the request's payload
 * (RFC 6120 section 8.3.1 allows it): the ACS must not log replies. Reconnecting is the
 * caller's business: `closed` tells when to. Rejects with the adapter's typed errors
 * (XmppAuthenticationError, XmppConnectError, ...).
 */
export async function openXmppEndpoint(options: XmppEndpointOptions): Promise<XmppEndpoint> {
  checkService(options.service);
  if (options.domain === "") throw new XmppOptionsError("domain", "must not be empty");
  if (options.username === "") throw new XmppOptionsError("username", "must not be empty");
  const logger = options.logger ?? silentLogger;
  const onIq = async (stanza: XmlElement) => {
    const iq = toIncoming(stanza);
    if (iq === undefined) return iqAnswerPayload(badRequest);
    return iqAnswerPayload(await answer(iq, options));
  };
  const tlsCa = options.tlsCa;
  const opened = await openXmppConnection({
    service: options.service,
    domain: options.domain,
    username: options.username,
    password: options.password,
    resource: options.resource,
    requireTls: options.requireTls,
    tlsRejectUnauthorized: options.tlsRejectUnauthorized ?? true,
    tlsCa: tlsCa === undefined ? undefined : typeof tlsCa === "string" ? [tlsCa] : tlsCa,
    connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
    streamTimeoutMs: options.connectTimeoutMs ?? 10_000,
    onStanza: () => {},
    onIq,
    logger,
    signal: options.signal ?? new AbortController().signal,
  });
  return {
    boundJid: opened.boundJid,
    secure: opened.secure,
    closed: opened.closed,
    close: (timeoutMs = 2_000) => opened.close(timeoutMs),
    destroy: () => opened.destroy(),
  };
}
