import type { Logger } from "../../ports.ts";
import { silentLogger } from "../log/silent-logger.ts";
import { XmppOptionsError } from "./errors.ts";
import { parseJid } from "./jid.ts";
import type { XmppSessionOptions } from "./types.ts";
import type { XmppStreamTarget } from "./xmpp-connection.ts";

export interface SessionConfig extends XmppStreamTarget {
  keepAliveIntervalMs: number;
  keepAliveTimeoutMs: number;
  stopTimeoutMs: number;
  reconnect: { initialDelayMs: number; maxDelayMs: number };
  random: () => number;
  now: () => number;
  logger: Logger;
}

function positive(option: string, value: number | undefined, fallback: number): number {
  const resolved = value ?? fallback;
  if (!Number.isFinite(resolved) || resolved <= 0) {
    throw new XmppOptionsError(option, "must be a positive finite number");
  }
  return resolved;
}

export function checkService(service: string): void {
  let url: URL;
  try {
    url = new URL(service);
  } catch (cause) {
    throw new XmppOptionsError("service", "not a URL (xmpp://host:port)", { cause });
  }
  if (url.protocol !== "xmpp:" && url.protocol !== "xmpps:") {
    throw new XmppOptionsError("service", "scheme must be xmpp: or xmpps:");
  }
  if (url.hostname === "") throw new XmppOptionsError("service", "host missing");
}

/** Validates once at construction and applies the documented defaults. */
export function resolveSessionConfig(options: XmppSessionOptions): SessionConfig {
  checkService(options.service);
  const parsed = parseJid(options.jid);
  if (!parsed.ok) throw new XmppOptionsError("jid", parsed.reason);
  const { local, domain, resource } = parsed.jid;
  if (local === undefined || resource !== undefined) {
    throw new XmppOptionsError("jid", "must be a bare JID: user@domain");
  }
  if (options.resource.trim() === "") throw new XmppOptionsError("resource", "must not be empty");
  if (options.password === "") throw new XmppOptionsError("password", "must not be empty");

  const keepAliveIntervalMs = positive("keepAliveIntervalMs", options.keepAliveIntervalMs, 60_000);
  const initialDelayMs = positive(
    "reconnect.initialDelayMs",
    options.reconnect?.initialDelayMs,
    1_000,
  );
  const maxDelayMs = positive("reconnect.maxDelayMs", options.reconnect?.maxDelayMs, 60_000);
  if (maxDelayMs < initialDelayMs) {
    throw new XmppOptionsError("reconnect.maxDelayMs", "must be >= reconnect.initialDelayMs");
  }
  const tlsCa = options.tlsCa;
  return {
    service: options.service,
    domain,
    username: local,
    password: options.password,
    resource: options.resource,
    requireTls: options.requireTls,
    tlsRejectUnauthorized: options.tlsRejectUnauthorized ?? true,
    tlsCa: tlsCa === undefined ? undefined : typeof tlsCa === "string" ? [tlsCa] : tlsCa,
    keepAliveIntervalMs,
    keepAliveTimeoutMs: positive(
      "keepAliveTimeoutMs",
      options.keepAliveTimeoutMs,
      Math.min(10_000, keepAliveIntervalMs),
    ),
    connectTimeoutMs: positive("connectTimeoutMs", options.connectTimeoutMs, 15_000),
    stopTimeoutMs: positive("stopTimeoutMs", options.stopTimeoutMs, 2_000),
    reconnect: { initialDelayMs, maxDelayMs },
    random: options.random ?? Math.random,
    now: options.now ?? (() => performance.now()),
    logger: options.logger ?? silentLogger,
  };
}
