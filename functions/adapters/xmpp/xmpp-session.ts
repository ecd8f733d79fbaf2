import { randomUUID } from "node:crypto";
import { addUser } from "./add-user.ts";
import { computeBackoffDelay } from "./backoff.ts";
import { buildPingIq } from "./connection-request-iq.ts";
import { isFatalSessionError, XmppSessionStoppedError } from "./errors.ts";
import { createIqTracker } from "./iq-tracker.ts";
import { isPlausibleReplier, type ParsedJid } from "./jid.ts";
import { startKeepAlive } from "./keep-alive.ts";
import type { XmlElement } from "./raw-client.ts";
import { type IqRequester, sendConnectionRequest } from "./send-connection-request.ts";
import { resolveSessionConfig } from "./session-config.ts";
import type {
  XmppSession,
  XmppSessionOptions,
  XmppSessionStatus,
  XmppStatusListener,
} from "./types.ts";
import { describeError, openXmppConnection, type XmppConnection } from "./xmpp-connection.ts";

interface Deferred {
  promise: Promise<void>;
  resolve(): void;
  reject(error: Error): void;
}

function createDeferred(): Deferred {
  let resolve = () => {};
  let reject: (error: Error) => void = () => {};
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  promise.catch(() => {}); // a caller that never awaits start() must not crash the process
  return { promise, resolve, reject };
}

/**
 * The ACS side of TR-069 Annex K: one long-lived XMPP stream per sender instance, kept alive
 * with XEP-0199 pings, reconnected with capped exponential back-off and full jitter, over which
 * connection requests go out as IQs tracked by id.
 */
export function createXmppSession(options: XmppSessionOptions): XmppSession {
  const config = resolveSessionConfig(options);
  const { logger } = config;
  const tracker = createIqTracker<XmlElement>();
  const listeners = new Set<XmppStatusListener>();
  const firstOnline = createDeferred();
  const serverJid: ParsedJid = { local: undefined, domain: config.domain, resource: undefined };
  let status: XmppSessionStatus = "idle";
  let connection: XmppConnection | undefined;
  let connecting: AbortController | undefined;
  let fatalError: Error | undefined;
  let attempt = 0;
  let reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  let stopKeepAlive: (() => void) | undefined;
  let stopping: Promise<void> | undefined;
  let hasBeenOnline = false;

  /** The only place the status changes; listeners hear every change once. */
  function setStatus(next: XmppSessionStatus): void {
    if (next === status) return;
    const previous = status;
    status = next;
    logger.info("xmpp session status", { status: next, previous });
    for (const listener of [...listeners]) {
      try {
        listener(next, previous);
      } catch (error) {
        logger.error("xmpp status listener threw", describeError(error));
      }
    }
  }

  function onStanza(stanza: XmlElement): void {
    const { type, id } = stanza.attrs;
    if (stanza.name !== "iq" || id === undefined) return;
    if (type === "result" || type === "error") tracker.resolve(id, stanza);
  }

  /** Sends an IQ and waits for its reply; never throws (send failures settle as aborted). */
  const request: IqRequester = async (stanza, accepts, timeoutMs) => {
    const id = stanza.attrs.id;
    const current = connection;
    if (current === undefined || id === undefined)
      return { kind: "aborted", reason: "disconnected" };
    const settlement = tracker.track(id, { timeoutMs, accepts });
    current.send(stanza).catch(() => tracker.abort(id, "send-failed"));
    return settlement;
  };

  async function ping(): Promise<boolean> {
    const stanza = buildPingIq(`ping-${randomUUID()}`, config.domain);
    const accepts = (reply: XmlElement) =>
      reply.attrs.from === undefined || isPlausibleReplier(reply.attrs.from, serverJid);
    const settlement = await request(stanza, accepts, config.keepAliveTimeoutMs);
    return settlement.kind === "reply";
  }

  function onConnectionLost(lost: XmppConnection, reason: string): void {
    if (connection !== lost) return;
    connection = undefined;
    stopKeepAlive?.();
    stopKeepAlive = undefined;
    lost.destroy();
    const aborted = tracker.abortAll("disconnected");
    logger.warn("xmpp stream lost", { reason, abortedIqs: aborted });
    scheduleReconnect();
  }

  function becomeOnline(opened: XmppConnection): void {
    connection = opened;
    attempt = 0; // back-off starts over after every successful online
    hasBeenOnline = true;
    setStatus("online");
    logger.info("xmpp session online", { jid: opened.boundJid });
    firstOnline.resolve();
    stopKeepAlive = startKeepAlive({
      intervalMs: config.keepAliveIntervalMs,
      ping,
      onDead: () => onConnectionLost(opened, "keep-alive ping unanswered"),
    });
    void opened.closed.then(() => onConnectionLost(opened, "stream closed"));
  }

  async function attemptConnection(): Promise<void> {
    const controller = new AbortController();
    connecting = controller;
    try {
      const opened = await openXmppConnection({
        ...config,
        streamTimeoutMs: config.connectTimeoutMs,
        onStanza,
        signal: controller.signal,
      });
      if (controller.signal.aborted) opened.destroy();
      else becomeOnline(opened);
    } catch (error) {
      if (controller.signal.aborted) return;
      // Refused credentials or TLS at start-up are configuration errors: stop. Once the session
      // has worked, the same errors more likely come from a server restarting (auth backend
      // not ready yet), so they are retried with back-off like any other failure.
      if (isFatalSessionError(error) && !hasBeenOnline) return stopForGood(error as Error);
      const level = isFatalSessionError(error) ? "error" : "warn";
      logger[level]("xmpp connect failed", { attempt, ...describeError(error) });
      scheduleReconnect();
    } finally {
      if (connecting === controller) connecting = undefined;
    }
  }

  function scheduleReconnect(): void {
    setStatus("reconnecting");
    const delayMs = computeBackoffDelay({ attempt, ...config.reconnect, random: config.random });
    attempt += 1;
    logger.info("xmpp reconnect scheduled", { delayMs, attempt });
    reconnectTimer = setTimeout(() => {
      reconnectTimer = undefined;
      void attemptConnection();
    }, delayMs);
  }

  function stopForGood(error: Error): void {
    fatalError = error;
    logger.error("xmpp session stopped: not retrying", describeError(error));
    setStatus("stopped");
    firstOnline.reject(error);
  }

  async function stop(): Promise<void> {
    if (stopping !== undefined) return stopping;
    if (status === "stopped") return;
    setStatus("stopping");
    if (reconnectTimer !== undefined) clearTimeout(reconnectTimer);
    connecting?.abort();
    stopKeepAlive?.();
    tracker.abortAll("stopped");
    const current = connection;
    connection = undefined;
    stopping = (current?.close(config.stopTimeoutMs) ?? Promise.resolve()).then(() => {
      setStatus("stopped");
      firstOnline.reject(new XmppSessionStoppedError());
    });
    return stopping;
  }

  return {
    get status() {
      return status;
    },
    get boundJid() {
      return connection?.boundJid;
    },
    get fatalError() {
      return fatalError;
    },
    get pendingIqs() {
      return tracker.size;
    },
    start() {
      if (status === "stopping" || status === "stopped") {
        return Promise.reject(fatalError ?? new XmppSessionStoppedError());
      }
      if (status === "idle") {
        setStatus("connecting");
        void attemptConnection();
      }
      return firstOnline.promise;
    },
    stop,
    onStatus(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    sendConnectionRequest: (cr) =>
      sendConnectionRequest(cr, { config, request, isOnline: () => status === "online" }),
    addUser: (input) => addUser(input, { config, request, isOnline: () => status === "online" }),
  };
}
