import type { Logger } from "../../ports.ts";
import {
  XmppAuthenticationError,
  XmppConnectError,
  XmppConnectTimeoutError,
  XmppNoAcceptableMechanismError,
  XmppSessionStoppedError,
  XmppStartTlsError,
  XmppTlsRequiredError,
} from "./errors.ts";
import { createRawXmppClient, type RawXmppClient, type XmlElement } from "./raw-client.ts";
import { createSaslPolicy } from "./sasl-policy.ts";
import { installStartTls } from "./starttls.ts";

/** Where and as whom one stream logs in, and how its TLS is checked (defaults resolved). */
export interface XmppStreamTarget {
  /** xmpp://host:port (STARTTLS when offered) or xmpps://host:port (direct TLS). */
  service: string;
  domain: string;
  username: string;
  password: string;
  resource: string;
  requireTls: boolean;
  tlsRejectUnauthorized: boolean;
  tlsCa: readonly string[] | undefined;
  /** TCP connect + TLS + SASL + bind. */
  connectTimeoutMs: number;
}

export interface OpenConnectionOptions extends XmppStreamTarget {
  /** Stream open/close and STARTTLS round trips. */
  streamTimeoutMs: number;
  onStanza: (stanza: XmlElement) => void;
  /**
   * Answers IQ get/set requests: true for an empty result, an <error/> element for an error.
   * Without it, @xmpp/client's IQ callee answers every request service-unavailable itself,
   * which would race any reply sent from onStanza.
   */
  onIq?: (iq: XmlElement) => Promise<XmlElement | true>;
  logger: Logger;
  /** Aborting gives up connecting (the client is destroyed, XmppSessionStoppedError). */
  signal: AbortSignal;
}

/** One negotiated XMPP stream (RFC 6120); the session replaces it after any drop. */
export interface XmppConnection {
  readonly boundJid: string;
  /** TLS is in place (STARTTLS negotiated or xmpps:). */
  readonly secure: boolean;
  send(stanza: XmlElement): Promise<void>;
  /** Settles once when the stream or the socket is gone; never rejects. */
  readonly closed: Promise<void>;
  /** </stream:stream>, wait for the server's, close the socket; destroys on timeout. */
  close(timeoutMs: number): Promise<void>;
  destroy(): void;
}

/** Errors are logged by name and condition only: stanzas may carry CR passwords. */
export function describeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { error: String(error) };
  const condition = (error as { condition?: unknown }).condition;
  const code = (error as { code?: unknown }).code;
  return {
    errorName: error.name,
    ...(typeof condition === "string" ? { condition } : { errorMessage: error.message }),
    ...(typeof code === "string" ? { code } : {}),
  };
}

function mapConnectError(error: unknown): Error {
  if (
    error instanceof XmppTlsRequiredError ||
    error instanceof XmppStartTlsError ||
    error instanceof XmppNoAcceptableMechanismError ||
    error instanceof XmppConnectTimeoutError ||
    error instanceof XmppSessionStoppedError ||
    error instanceof XmppConnectError
  ) {
    return error;
  }
  const condition = (error as { condition?: unknown } | undefined)?.condition;
  if (error instanceof Error && error.name === "SASLError" && typeof condition === "string") {
    return new XmppAuthenticationError(condition, { cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new XmppConnectError(`XMPP connect failed: ${message}`, { cause: error });
}

function destroyClient(client: RawXmppClient): void {
  const socket = client.socket;
  if (socket === null) return;
  if (typeof socket.destroy === "function") socket.destroy();
  else if (socket.socket) socket.socket.destroy();
  else socket.end();
}

function withTimeout<T>(work: Promise<T>, timeoutMs: number, onTimeout: () => Error): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), timeoutMs);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

function createClient(options: OpenConnectionOptions): RawXmppClient {
  const client = createRawXmppClient({
    service: options.service,
    domain: options.domain,
    resource: options.resource,
    username: options.username,
    credentials: createSaslPolicy(options),
    timeout: options.streamTimeoutMs,
  });
  // The session owns reconnection (back-off with jitter); the library's fixed 1 s loop is off.
  client.reconnect.stop();
  const onIq = options.onIq;
  if (onIq !== undefined) {
    // Runs inside the library's IQ callee (after its own XEP-0199 ping handler), which turns
    // the value into the reply (RFC 6120 section 8.2.3): one reply per request.
    client.middleware.use((context, next) => {
      const { name, attrs } = context.stanza;
      const isRequest = name === "iq" && (attrs.type === "get" || attrs.type === "set");
      return isRequest ? onIq(context.stanza) : next();
    });
  }
  installStartTls(client, {
    domain: options.domain,
    rejectUnauthorized: options.tlsRejectUnauthorized,
    ca: options.tlsCa,
    timeoutMs: options.streamTimeoutMs,
  });
  return client;
}

/** TCP connect, STARTTLS, SASL, resource binding: resolves once the stream is online. */
export async function openXmppConnection(options: OpenConnectionOptions): Promise<XmppConnection> {
  const client = createClient(options);
  let destroyed = false;
  // An 'error' event without a listener would crash the process. After destroy(), the
  // library's pending steps still fail on the dead socket: expected, so not logged.
  client.on("error", (error: unknown) => {
    if (!destroyed) options.logger.warn("xmpp client error", describeError(error));
  });
  let markClosed = () => {};
  const closed = new Promise<void>((resolve) => {
    markClosed = resolve;
  });
  client.on("disconnect", () => markClosed());
  client.on("close", () => markClosed()); // the server ended its stream (e.g. shutting down)
  const onStanza = (stanza: XmlElement) => options.onStanza(stanza);
  client.on("stanza", onStanza);

  const destroy = () => {
    destroyed = true;
    client.off("stanza", onStanza);
    destroyClient(client);
    markClosed();
  };
  let onAbort = () => {};
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(new XmppSessionStoppedError());
  });
  if (options.signal.aborted) onAbort();
  options.signal.addEventListener("abort", onAbort, { once: true });
  const droppedEarly = closed.then(() => {
    throw new XmppConnectError("stream closed during negotiation");
  });

  try {
    const online = Promise.race([client.start(), aborted, droppedEarly]);
    await withTimeout(online, options.connectTimeoutMs, () => {
      return new XmppConnectTimeoutError(options.connectTimeoutMs);
    });
  } catch (error) {
    destroy();
    throw mapConnectError(error);
  } finally {
    options.signal.removeEventListener("abort", onAbort);
    aborted.catch(() => {});
    droppedEarly.catch(() => {});
  }

  return {
    boundJid: client.jid?.toString() ?? "",
    secure: client.isSecure(),
    send: (stanza) => client.send(stanza),
    closed,
    async close(timeoutMs) {
      try {
        await withTimeout(client.stop(), timeoutMs, () => new XmppConnectTimeoutError(timeoutMs));
      } catch (error) {
        options.logger.warn("xmpp stream close not clean", describeError(error));
      } finally {
        destroy();
      }
    },
    destroy,
  };
}
