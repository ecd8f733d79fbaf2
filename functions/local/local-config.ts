import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type RoleToken, readApiRoleTokens } from "../config/api-role-tokens.ts";
import { readApiTimeoutSeconds } from "../config/api-timeout.ts";
import {
  type BulkDataConfig,
  readBulkDataConfig,
  readBulkDataMaxBytes,
} from "../config/bulk-data-config.ts";
import { ConfigError } from "../config/config-error.ts";
import { type CwmpConfig, readCwmpConfig } from "../config/cwmp-config.ts";
import { readDiagnosticTimeoutMs } from "../config/diagnostics-config.ts";
import type { EnvReader } from "../config/env-reader.ts";
import { readFleetSummaryMaxAgeSeconds } from "../config/fleet-summary-config.ts";
import { defaultLocalCrCredentials } from "../simulator/cli-args.ts";
import { type LocalCwmpTls, readLocalCwmpTls } from "./local-cwmp-tls.ts";
import type { RequestTimeouts } from "./serve-handler.ts";

/** The local ACS's settings: loopback, well-known ports, CPE authentication off by default. */
export interface LocalConfig {
  readonly host: string;
  readonly cwmpPort: number;
  /** The HTTPS (optionally mutual-TLS) CWMP listener, besides the plain one (ACS_CWMP_TLS_*). */
  readonly cwmpTls?: LocalCwmpTls;
  readonly apiPort: number;
  /** The file server CPEs download from (ACS_FILES_PORT, 7567 as GenieACS's). */
  readonly filesPort: number;
  /** Largest file the local file server accepts (ACS_FILES_MAX_BYTES, 1 GiB). */
  readonly filesMaxBytes: number;
  /** CWMP requests in flight beyond which new sessions get 503 + Retry-After. */
  readonly maxInFlight: number;
  /** CWMP sessions under way beyond which new sessions get 503 + Retry-After (ACS_MAX_SESSIONS, 256). */
  readonly maxSessions: number;
  /**
   * How long a client may take to send its headers (ACS_HEADERS_TIMEOUT_SECONDS, 10) and its
   * whole request (ACS_REQUEST_TIMEOUT_SECONDS, 30), on both listeners; then 408 and closed.
   */
  readonly requestTimeouts: RequestTimeouts;
  /**
   * The API's answer deadline as a Lambda's timeout would set it (ACS_API_TIMEOUT_SECONDS, 29):
   * the longest `wait=N` derives from it, as in AWS (config/api-timeout.ts).
   */
  readonly apiTimeoutSeconds: number;
  /** ACS_FLEET_SUMMARY_MAX_AGE_SECONDS, 0 locally: the overview is counted fresh each time. */
  readonly fleetSummaryMaxAgeSeconds: number;
  /** ACS_DIAGNOSTICS_TIMEOUT_MINUTES: when a diagnostic with no completion reads as timedOut. */
  readonly diagnosticTimeoutMs: number;
  /** Bearer token for the API; random (printed at start) unless ACS_API_TOKEN is set. */
  readonly apiToken: string;
  /** Bearer tokens with lesser roles (ACS_API_ROLE_TOKENS, `viewer=<tok>,operator=<tok>`). */
  readonly apiRoleTokens: readonly RoleToken[];
  /** The bulk data collector's listener (ACS_BULK_DATA_PORT, 7577; TR-232 over HTTP). */
  readonly bulkDataPort: number;
  /** ACS_BULK_DATA_KEY, else `<ACS_DATA_DIR>/bulk-data.key`; ACS_BULK_DATA_MAX_BYTES. */
  readonly bulkData: BulkDataConfig;
  /** Keep DynamoDB data here across restarts; in memory when undefined. */
  readonly dataDir?: string;
  /** JSON-lines file for lifecycle events; undefined: a temporary one (start-local-acs.ts). */
  readonly eventsFile?: string;
  /** POST each lifecycle event here too. */
  readonly eventsWebhook?: string;
  readonly cwmp: CwmpConfig;
  /**
   * The sender's own variables (ACS_XMPP_*, ACS_CR_*, ACS_STUN_*, the sealing keys ACS_SECRETS_*), read by its settings
   * reader once the local queue exists. Loopback CR URLs are allowed locally
   * (simulated CPEs listen on 127.0.0.1) unless ACS_CR_ALLOW_CIDRS says otherwise.
   */
  readonly senderEnv: Readonly<Record<string, string | undefined>>;
}

export function readLocalConfig(
  env: EnvReader,
  rawEnv: Readonly<Record<string, string | undefined>> = {},
): LocalConfig {
  const dataDir = env.optionalString("ACS_DATA_DIR");
  const eventsFile =
    env.optionalString("ACS_EVENTS_FILE") ?? (dataDir ? `${dataDir}/events.jsonl` : undefined);
  const eventsWebhook = env.optionalString("ACS_EVENTS_WEBHOOK");
  const apiToken = env.optionalString("ACS_API_TOKEN") ?? randomBytes(18).toString("base64url");
  const cwmpTls = readLocalCwmpTls(env);
  const host = env.string("ACS_HOST", "127.0.0.1");
  const cwmp = readLocalCwmp(env, dataDir);
  refuseBasicOverPlainHttp(host, cwmp);
  return {
    host,
    cwmpPort: env.integer("ACS_CWMP_PORT", 7547, { min: 0, max: 65535 }),
    ...(cwmpTls && { cwmpTls }),
    apiPort: env.integer("ACS_API_PORT", 7557, { min: 0, max: 65535 }),
    filesPort: env.integer("ACS_FILES_PORT", 7567, { min: 0, max: 65535 }),
    filesMaxBytes: env.integer("ACS_FILES_MAX_BYTES", 1024 ** 3, { min: 1, max: 64 * 1024 ** 3 }),
    bulkDataPort: env.integer("ACS_BULK_DATA_PORT", 7577, { min: 0, max: 65535 }),
    bulkData: readBulkDataConfig(env) ?? {
      key: localKey(dataDir, "bulk-data.key"),
      maxBytes: readBulkDataMaxBytes(env),
    },
    maxInFlight: env.integer("ACS_MAX_IN_FLIGHT", 256, { min: 1, max: 100_000 }),
    maxSessions: env.integer("ACS_MAX_SESSIONS", 256, { min: 1, max: 100_000 }),
    requestTimeouts: readRequestTimeouts(env),
    apiTimeoutSeconds: readApiTimeoutSeconds(env, 29),
    apiToken,
    apiRoleTokens: readApiRoleTokens(env, apiToken),
    fleetSummaryMaxAgeSeconds: readFleetSummaryMaxAgeSeconds(env, 0),
    diagnosticTimeoutMs: readDiagnosticTimeoutMs(env),
    ...(dataDir !== undefined && { dataDir }),
    ...(eventsFile !== undefined && { eventsFile }),
    ...(eventsWebhook !== undefined && { eventsWebhook }),
    cwmp,
    senderEnv: {
      ACS_CR_ALLOW_CIDRS: "127.0.0.0/8,::1/128",
      // The simulator's default CR credentials (npm run sim), unless set.
      ACS_CR_USERNAME: defaultLocalCrCredentials.username,
      ACS_CR_PASSWORD: defaultLocalCrCredentials.password,
      ...Object.fromEntries(
        Object.entries(rawEnv).filter(([name]) => /^ACS_(XMPP|CR|SECRETS?|STUN)_/.test(name)),
      ),
    },
  };
}

function readLocalCwmp(env: EnvReader, dataDir: string | undefined): CwmpConfig {
  // A random nonce secret is fine locally: there is one instance.
  return readCwmpConfig(env, {
    auth: "none",
    nonceSecret: randomBytes(24).toString("base64url"),
    // Plain http locally: a Secure cookie would never come back (set ACS_COOKIE_SECURE behind TLS).
    secureCookie: false,
    provisioning: {
      secretsKey: localKey(dataDir, "secrets.key"),
      // One process serves the API and the sessions: a saved profile applies at the next session.
      profileCacheSeconds: 0,
      // Simulated CPEs cannot resolve the XMPP domain: point them at the server the ACS uses.
      ...(cpeServers(env) !== undefined && { cpeServers: cpeServers(env) }),
    },
  });
}

/**
 * Basic over the plain listener beyond this machine: the password would cross the network in the
 * clear (TR-069 section 3.4.4 allows Basic only over TLS). The rule the front door applies to its
 * plain-HTTP listeners (PlainHttpNeedsDigestError); on loopback nothing leaves the machine.
 */
function refuseBasicOverPlainHttp(host: string, cwmp: CwmpConfig): void {
  if (cwmp.cpeAuth === "basic" && !isLoopback(host))
    throw new ConfigError(
      "ACS_CPE_AUTH",
      `"basic" on the plain HTTP listener (ACS_HOST ${host}) would send CPE passwords in the clear: use "digest"`,
    );
}

export function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || host.startsWith("127.");
}

function readRequestTimeouts(env: EnvReader): RequestTimeouts {
  const headersSeconds = env.integer("ACS_HEADERS_TIMEOUT_SECONDS", 10, { min: 1, max: 3600 });
  const requestSeconds = env.integer("ACS_REQUEST_TIMEOUT_SECONDS", 30, { min: 1, max: 3600 });
  // node:http refuses a headers timeout longer than the whole request's.
  if (headersSeconds > requestSeconds)
    throw new ConfigError(
      "ACS_HEADERS_TIMEOUT_SECONDS",
      `must be <= ACS_REQUEST_TIMEOUT_SECONDS (${requestSeconds})`,
    );
  return { headersMs: headersSeconds * 1000, requestMs: requestSeconds * 1000 };
}

/**
 * A local key (`secrets.key` seals per-device secrets, `bulk-data.key` derives bulk data
 * passwords): kept in the data directory (so sealed values and the passwords CPEs were given
 * stay valid across restarts), random when data is in memory.
 */
function localKey(dataDir: string | undefined, name: string): Uint8Array {
  if (dataDir === undefined) return randomBytes(32);
  const file = join(dataDir, name);
  if (existsSync(file)) return Buffer.from(readFileSync(file, "utf8").trim(), "base64");
  const key = randomBytes(32);
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, `${key.toString("base64")}\n`, { mode: 0o600 });
  return key;
}

/** host:port of ACS_XMPP_SERVICE, when set. */
function cpeServers(env: EnvReader): string | undefined {
  const service = env.optionalString("ACS_XMPP_SERVICE");
  if (service === undefined || !URL.canParse(service)) return undefined;
  const url = new URL(service);
  return `${url.hostname}:${url.port || "5222"}`;
}
