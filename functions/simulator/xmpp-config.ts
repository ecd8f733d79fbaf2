import type { DataModel } from "./data-model.ts";
import { CpeFaultError } from "./errors.ts";

/** What the device needs to log in to its XMPP server (TR-181 Device.XMPP.Connection.{i}). */
export interface CpeXmppConfig {
  /** "Device.XMPP.Connection.1." */
  readonly base: string;
  readonly username: string;
  readonly password: string;
  readonly domain: string;
  readonly resource: string;
  readonly host: string;
  readonly port: number;
  readonly useTls: boolean;
}

export type CpeXmppConfigResult =
  /** No connection referenced, or the referenced one is disabled or gone. */
  | { readonly kind: "none"; readonly base: string | undefined }
  | { readonly kind: "misconfigured"; readonly base: string; readonly reason: string }
  | { readonly kind: "ready"; readonly config: CpeXmppConfig };

const DEFAULT_PORT = 5222;

/** Reads a parameter, undefined when the object or parameter does not exist (9005). */
function tryRead(model: DataModel, path: string): string | undefined {
  try {
    return model.read(path);
  } catch (error) {
    if (error instanceof CpeFaultError) return undefined;
    throw error;
  }
}

interface ServerEntry {
  readonly enabled: boolean;
  readonly priority: number;
  readonly address: string;
  readonly port: number;
}

function serverEntries(model: DataModel, base: string): ServerEntry[] {
  let names: string[];
  try {
    names = model.getParameterNames(`${base}Server.`, true).map((info) => info.name);
  } catch (error) {
    if (error instanceof CpeFaultError) return [];
    throw error;
  }
  return names
    .filter((name) => name.endsWith("."))
    .map((entry) => ({
      enabled: tryRead(model, `${entry}Enable`) === "true",
      priority: Number(tryRead(model, `${entry}Priority`) ?? "0"),
      address: (tryRead(model, `${entry}ServerAddress`) ?? "").trim(),
      port: Number(tryRead(model, `${entry}Port`) ?? DEFAULT_PORT) || DEFAULT_PORT,
    }))
    .filter((entry) => entry.address !== "");
}

/**
 * Where to connect. ServerTable uses the enabled Server entries only, lowest Priority first.
 * With DNS-SRV/DNS the device would resolve the Domain; the simulator cannot rely on DNS (it
 * only talks to loopback), so it takes any Server entry with an address, else what the
 * resolver given for tests says of the Domain, else Domain:5222.
 */
function pickServer(
  model: DataModel,
  base: string,
  domain: string,
  resolveDomain: DomainResolver | undefined,
): { host: string; port: number } | undefined {
  const algorithm = tryRead(model, `${base}ServerConnectAlgorithm`) ?? "DNS-SRV";
  const candidates = serverEntries(model, base)
    .filter((entry) => entry.enabled || algorithm !== "ServerTable")
    .sort((a, b) => Number(b.enabled) - Number(a.enabled) || a.priority - b.priority);
  const chosen = candidates[0];
  if (chosen !== undefined) return { host: chosen.address, port: chosen.port };
  if (algorithm === "ServerTable") return undefined;
  return resolveDomain?.(domain) ?? { host: domain, port: DEFAULT_PORT };
}

/**
 * Stands in for the DNS SRV lookup of `_xmpp-client._tcp.<domain>` (RFC 6120 3.2.1) that a real
 * device makes when it has no Server entry: the simulator only talks to loopback.
 */
export type DomainResolver = (domain: string) => { host: string; port: number } | undefined;

/**
 * The XMPP connection ManagementServer.ConnReqXMPPConnection references (TR-069 Annex K),
 * when it is enabled and complete enough to log in.
 */
export function readCpeXmppConfig(
  model: DataModel,
  resolveDomain?: DomainResolver,
): CpeXmppConfigResult {
  const reference = tryRead(model, `${model.root}ManagementServer.ConnReqXMPPConnection`) ?? "";
  if (reference.trim() === "") return { kind: "none", base: undefined };
  const base = `${reference.trim().replace(/\.$/, "")}.`;
  if (tryRead(model, `${base}Enable`) !== "true") return { kind: "none", base };
  const read = (name: string) => tryRead(model, `${base}${name}`) ?? "";
  const username = read("Username");
  const domain = read("Domain");
  if (username === "" || domain === "") {
    return { kind: "misconfigured", base, reason: "Username and Domain are required" };
  }
  const server = pickServer(model, base, domain, resolveDomain);
  if (server === undefined) {
    return { kind: "misconfigured", base, reason: "no enabled Server entry with an address" };
  }
  return {
    kind: "ready",
    config: {
      base,
      username,
      password: read("Password"),
      domain,
      resource: read("Resource"),
      ...server,
      useTls: read("UseTLS") === "true",
    },
  };
}

/** "xmpp://host:port", with IPv6 literals bracketed. */
export function serviceUrl(config: Pick<CpeXmppConfig, "host" | "port">): string {
  const host = config.host.includes(":") ? `[${config.host}]` : config.host;
  return `xmpp://${host}:${config.port}`;
}
