import { computeBackoffDelay } from "./backoff.ts";
import { createDeferred, type Deferred } from "./deferred.ts";
import { isFatalSessionError, XmppSessionStoppedError } from "./errors.ts";
import { createIqChannel, type IqChannel } from "./iq-channel.ts";
import { startKeepAlive } from "./keep-alive.ts";
import type { SessionConfig } from "./session-config.ts";
import { createSessionStatus, type SessionStatus } from "./session-status.ts";
import { describeError, openXmppConnection, type XmppConnection } from "./xmpp-connection.ts";

/**
 * Everything one session owns while it runs: created once per createXmppSession call and handed
 * to the lifecycle steps below, so no state lives at module level.
 */
export interface SessionRuntime {
  readonly config: SessionConfig;
  readonly status: SessionStatus;
  readonly iqs: IqChannel;
  /** Settled by the first online (resolve), a fatal error or stop() (reject). */
  readonly firstOnline: Deferred;
  connection: XmppConnection | undefined;
  connecting: AbortController | undefined;
  fatalError: Error | undefined;
  /** Reconnect attempts since the last online: the back-off exponent. */
  attempt: number;
  reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  stopKeepAlive: (() => void) | undefined;
  stopping: Promise<void> | undefined;
  hasBeenOnline: boolean;
}

export function createSessionRuntime(config: SessionConfig): SessionRuntime {
  const runtime: SessionRuntime = {
    config,
    status: createSessionStatus({ logger: config.logger }),
    iqs: createIqChannel({
      connection: () => runtime.connection,
      domain: config.domain,
      pingTimeoutMs: config.keepAliveTimeoutMs,
    }),
    firstOnline: createDeferred(),
    connection: undefined,
    connecting: undefined,
    fatalError: undefined,
    attempt: 0,
    reconnectTimer: undefined,
    stopKeepAlive: undefined,
    stopping: undefined,
    hasBeenOnline: false,
  };
  return runtime;
}

/** Starts connecting once (from "idle"); resolves when first online. Undone by stopSession. */
export function startSession(runtime: SessionRuntime): Promise<void> {
  const { status } = runtime;
  if (status.current === "stopping" || status.current === "stopped") {
    return Promise.reject(runtime.fatalError ?? new XmppSessionStoppedError());
  }
  if (status.current === "idle") {
    status.set("connecting");
    void attemptConnection(runtime);
  }
  return runtime.firstOnline.promise;
}

/**
 * Undoes what startSession and its reconnects started: the pending reconnect or connect, the
 * keep-alive, the pending IQs and the stream (closed with </stream:stream>). Idempotent.
 */
export async function stopSession(runtime: SessionRuntime): Promise<void> {
  const { status, config } = runtime;
  if (runtime.stopping !== undefined) return runtime.stopping;
  if (status.current === "stopped") return;
  status.set("stopping");
  if (runtime.reconnectTimer !== undefined) clearTimeout(runtime.reconnectTimer);
  runtime.connecting?.abort();
  runtime.stopKeepAlive?.();
  runtime.iqs.abortAll("stopped");
  const current = runtime.connection;
  runtime.connection = undefined;
  runtime.stopping = (current?.close(config.stopTimeoutMs) ?? Promise.resolve()).then(() => {
    status.set("stopped");
    runtime.firstOnline.reject(new XmppSessionStoppedError());
  });
  return runtime.stopping;
}

async function attemptConnection(runtime: SessionRuntime): Promise<void> {
  const { config } = runtime;
  const controller = new AbortController();
  runtime.connecting = controller;
  try {
    const opened = await openXmppConnection({
      ...config,
      streamTimeoutMs: config.connectTimeoutMs,
      onStanza: runtime.iqs.onStanza,
      signal: controller.signal,
    });
    if (controller.signal.aborted) opened.destroy();
    else becomeOnline(runtime, opened);
  } catch (error) {
    if (!controller.signal.aborted) onConnectFailed(runtime, error);
  } finally {
    if (runtime.connecting === controller) runtime.connecting = undefined;
  }
}

function onConnectFailed(runtime: SessionRuntime, error: unknown): void {
  // Refused credentials or TLS at start-up are configuration errors: stop. Once the session
  // has worked, the same errors more likely come from a server restarting (auth backend
  // not ready yet), so they are retried with back-off like any other failure.
  if (isFatalSessionError(error) && !runtime.hasBeenOnline) {
    stopForGood(runtime, error as Error);
    return;
  }
  const level = isFatalSessionError(error) ? "error" : "warn";
  runtime.config.logger[level]("xmpp connect failed", {
    attempt: runtime.attempt,
    ...describeError(error),
  });
  scheduleReconnect(runtime);
}

function becomeOnline(runtime: SessionRuntime, opened: XmppConnection): void {
  const { config } = runtime;
  runtime.connection = opened;
  runtime.attempt = 0; // back-off starts over after every successful online
  runtime.hasBeenOnline = true;
  runtime.status.set("online");
  config.logger.info("xmpp session online", { jid: opened.boundJid });
  runtime.firstOnline.resolve();
  runtime.stopKeepAlive = startKeepAlive({
    intervalMs: config.keepAliveIntervalMs,
    ping: runtime.iqs.ping,
    onDead: () => onConnectionLost(runtime, opened, "keep-alive ping unanswered"),
  });
  void opened.closed.then(() => onConnectionLost(runtime, opened, "stream closed"));
}

function onConnectionLost(runtime: SessionRuntime, lost: XmppConnection, reason: string): void {
  if (runtime.connection !== lost) return;
  runtime.connection = undefined;
  runtime.stopKeepAlive?.();
  runtime.stopKeepAlive = undefined;
  lost.destroy();
  const aborted = runtime.iqs.abortAll("disconnected");
  runtime.config.logger.warn("xmpp stream lost", { reason, abortedIqs: aborted });
  scheduleReconnect(runtime);
}

function scheduleReconnect(runtime: SessionRuntime): void {
  const { config } = runtime;
  runtime.status.set("reconnecting");
  const delayMs = computeBackoffDelay({
    attempt: runtime.attempt,
    ...config.reconnect,
    random: config.random,
  });
  runtime.attempt += 1;
  config.logger.info("xmpp reconnect scheduled", { delayMs, attempt: runtime.attempt });
  runtime.reconnectTimer = setTimeout(() => {
    runtime.reconnectTimer = undefined;
    void attemptConnection(runtime);
  }, delayMs);
}

function stopForGood(runtime: SessionRuntime, error: Error): void {
  runtime.fatalError = error;
  runtime.config.logger.error("xmpp session stopped: not retrying", describeError(error));
  runtime.status.set("stopped");
  runtime.firstOnline.reject(error);
}
