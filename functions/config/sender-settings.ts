import type { SealingKeys } from "../adapters/crypto/aes-gcm-sealer.ts";
import {
  createUrlGuard,
  InvalidCidrError,
  InvalidPortRangeError,
  type PortRange,
  parsePortRange,
} from "../adapters/http-cr/index.ts";
import type { LogLevel } from "../adapters/log/json-logger.ts";
import type { SqsPollSettings } from "../adapters/sqs/sqs-poller.ts";
import {
  defaultUdpCrSettings,
  type UdpCrSettings,
} from "../adapters/udp/send-udp-connection-request.ts";
import type { BusyBackoffSettings } from "../core/connection-request/busy-backoff.ts";
import {
  type CrMethod,
  defaultCrMethods,
  isCrMethod,
} from "../core/connection-request/cr-methods.ts";
import type { TaskDefaults } from "../core/model/new-task.ts";
import type { SecretParameterPolicy } from "../core/model/secret-parameters.ts";
import type { CrCredentials } from "../ports.ts";
import { ConfigError } from "./config-error.ts";
import { type EnvReader, envReader } from "./env-reader.ts";
import { readLogLevel } from "./log-level.ts";
import { readSecretParameterPolicy } from "./secret-parameters-config.ts";
import { readSealingKeys } from "./secrets-key.ts";
import { readTaskDefaults } from "./task-defaults.ts";

/** The queue, the poller and the decisions of the connection-request sender. */
export interface ConnectionRequestServiceConfig extends SqsPollSettings {
  readonly dedupWindowMs: number;
  readonly xmppTimeoutMs: number;
  /** ACS_CR_METHODS: the order methods are tried in. @default xmpp, http, udp */
  readonly methods?: readonly CrMethod[];
  readonly busy: BusyBackoffSettings;
  /** Unhealthy when neither a receive nor a settle succeeded for this long. */
  readonly healthStaleMs: number;
}

export interface XmppSettings {
  readonly service: string;
  /** Bare JID of the ACS account. */
  readonly jid: string;
  /** Its domain: CPE accounts (XEP-0133) are created there. */
  readonly domain: string;
  readonly password: string;
  readonly requireTls: boolean;
  readonly resourcePrefix: string;
}

/** Everything the sender needs, read once from the environment (its README lists the variables). */
export interface SenderSettings {
  readonly service: ConnectionRequestServiceConfig;
  readonly tableName: string;
  readonly sqsEndpoint: string | undefined;
  readonly dynamodbEndpoint: string | undefined;
  /** Undefined: XMPP off, every CR goes over HTTP. */
  readonly xmpp: XmppSettings | undefined;
  readonly crCredentials: CrCredentials | undefined;
  /** The keys opening per-device secrets (the CWMP function's ring); undefined: shared credentials only. */
  readonly sealingKeys: SealingKeys | undefined;
  readonly allowCidrs: readonly string[];
  /** Ports HTTP connection requests may go to; empty: any (see createUrlGuard for why). */
  readonly allowedPorts: readonly PortRange[];
  /** Networks HTTP connection requests may go to; empty: any not refused. */
  readonly allowedNetworks: readonly string[];
  readonly httpTimeoutMs: number;
  readonly healthPort: number;
  readonly shutdownDeadlineMs: number;
  readonly metricsNamespace: string;
  /** Publish ConnectionRequestFailed to this EventBridge bus; undefined: not published. */
  readonly eventBusName: string | undefined;
  /** Lifetime and attempts of the tasks it queues (messages, campaigns). */
  readonly taskDefaults: TaskDefaults;
  /** ACS_LOG_LEVEL (log-level.ts), default info. */
  readonly logLevel: LogLevel;
  /** ACS_SECRET_PARAMETERS: secret values of message tasks are sealed with `secretsKey`. */
  readonly secretParameters: SecretParameterPolicy;
  /** The STUN server and UDP CRs (TR-069 Annex G); undefined when ACS_STUN_PORT is not set. */
  readonly stun: StunSettings | undefined;
}

export interface StunSettings {
  /** ACS_STUN_PORT (3478 in AWS, behind the NLB). */
  readonly port: number;
  readonly udp: UdpCrSettings;
}

type Env = Readonly<Record<string, string | undefined>>;

/** @throws ConfigError naming the first variable that is missing or malformed. */
export function readSenderSettings(env: Env): SenderSettings {
  const read = envReader(env);
  const visibility = read.integer("ACS_CR_VISIBILITY_SECONDS", 30, { min: 6, max: 43_200 });
  const waitTimeSeconds = read.integer("ACS_CR_POLL_WAIT_SECONDS", 20, { min: 0, max: 20 });
  return {
    service: {
      queueUrl: url(read, "ACS_QUEUE_URL"),
      dlqUrl: url(read, "ACS_DLQ_URL"),
      concurrency: read.integer("ACS_CR_CONCURRENCY", 16, { min: 1, max: 1_000 }),
      receiveBatchSize: read.integer("ACS_CR_RECEIVE_BATCH", 10, { min: 1, max: 10 }),
      waitTimeSeconds,
      visibilityTimeoutSeconds: visibility,
      // Three heartbeats per visibility period: one lost call does not expose the message.
      heartbeatIntervalSeconds: Math.floor(visibility / 3),
      errorRetrySeconds: read.integer("ACS_CR_ERROR_RETRY_SECONDS", 30, { min: 0, max: 43_200 }),
      dedupWindowMs: read.integer("ACS_CR_DEDUP_SECONDS", 10, { min: 0, max: 3_600 }) * 1000,
      xmppTimeoutMs: read.integer("ACS_CR_XMPP_TIMEOUT_MS", 10_000, { min: 100, max: 120_000 }),
      methods: readCrMethods(read),
      busy: {
        maxAttempts: read.integer("ACS_CR_BUSY_MAX_ATTEMPTS", 5, { min: 1, max: 100 }),
        baseSeconds: read.integer("ACS_CR_BUSY_BASE_SECONDS", 5, { min: 1, max: 3_600 }),
        maxSeconds: read.integer("ACS_CR_BUSY_MAX_SECONDS", 300, { min: 1, max: 43_200 }),
      },
      healthStaleMs: Math.max(60_000, 3 * waitTimeSeconds * 1000),
    },
    tableName: read.string("ACS_TABLE_NAME"),
    sqsEndpoint: optionalUrl(read, "ACS_SQS_ENDPOINT"),
    dynamodbEndpoint: optionalUrl(read, "ACS_DYNAMODB_ENDPOINT"),
    xmpp: readXmpp(read),
    crCredentials: readCrCredentials(read),
    sealingKeys: readSealingKeys(read),
    allowCidrs: readCidrs(read, "ACS_CR_ALLOW_CIDRS"),
    allowedPorts: readPorts(read),
    allowedNetworks: readCidrs(read, "ACS_CR_ALLOWED_NETWORKS"),
    httpTimeoutMs: read.integer("ACS_CR_HTTP_TIMEOUT_MS", 10_000, { min: 100, max: 120_000 }),
    healthPort: read.integer("ACS_HEALTH_PORT", 8080, { min: 1, max: 65_535 }),
    shutdownDeadlineMs: read.integer("ACS_SHUTDOWN_DEADLINE_MS", 25_000, { min: 0 }),
    metricsNamespace: read.string("ACS_METRICS_NAMESPACE", "ServerlessAcs"),
    eventBusName: read.optionalString("ACS_EVENT_BUS_NAME"),
    taskDefaults: readTaskDefaults(read),
    logLevel: readLogLevel(read, "info"),
    secretParameters: readSecretParameterPolicy(read),
    stun: readStun(read),
  };
}

/** ACS_CR_METHODS: a comma list of xmpp, http, udp, each at most once. */
function readCrMethods(read: EnvReader): readonly CrMethod[] {
  const listed = commaList(read, "ACS_CR_METHODS");
  if (listed.length === 0) return defaultCrMethods;
  const unknown = listed.find((method) => !isCrMethod(method));
  if (unknown !== undefined) {
    throw new ConfigError("ACS_CR_METHODS", `unknown method ${unknown} (use xmpp, http, udp)`);
  }
  if (new Set(listed).size !== listed.length)
    throw new ConfigError("ACS_CR_METHODS", "lists a method twice");
  return listed.filter(isCrMethod);
}

function readStun(read: EnvReader): StunSettings | undefined {
  if (read.optionalString("ACS_STUN_PORT") === undefined) return undefined;
  return {
    port: read.integer("ACS_STUN_PORT", 3478, { min: 0, max: 65_535 }),
    udp: {
      ...defaultUdpCrSettings,
      repeats: read.integer("ACS_CR_UDP_REPEATS", defaultUdpCrSettings.repeats, {
        min: 1,
        max: 10,
      }),
      spacingMs: read.integer("ACS_CR_UDP_SPACING_MS", defaultUdpCrSettings.spacingMs, {
        min: 0,
        max: 10_000,
      }),
      windowMs: read.integer("ACS_CR_UDP_WINDOW_MS", defaultUdpCrSettings.windowMs, {
        min: 1_000,
        max: 300_000,
      }),
    },
  };
}

function url(read: EnvReader, name: string): string {
  const value = read.string(name);
  if (!URL.canParse(value)) throw new ConfigError(name, "must be a URL");
  return value;
}

function optionalUrl(read: EnvReader, name: string): string | undefined {
  return read.optionalString(name) === undefined ? undefined : url(read, name);
}

const XMPP_VARIABLES = ["ACS_XMPP_SERVICE", "ACS_XMPP_JID", "ACS_XMPP_PASSWORD"] as const;

/** All three set: XMPP on; none: off; some: a mistake worth failing on. */
function readXmpp(read: EnvReader): XmppSettings | undefined {
  const missing = XMPP_VARIABLES.filter((name) => read.optionalString(name) === undefined);
  if (missing.length === XMPP_VARIABLES.length) return undefined;
  const [first] = missing;
  if (first !== undefined) {
    throw new ConfigError(first, `is required when any of ${XMPP_VARIABLES.join(", ")} is set`);
  }
  const service = read.string("ACS_XMPP_SERVICE");
  const parsed = URL.canParse(service) ? new URL(service) : undefined;
  if (parsed === undefined || !["xmpp:", "xmpps:"].includes(parsed.protocol) || !parsed.hostname) {
    throw new ConfigError("ACS_XMPP_SERVICE", "must be xmpp://host:port or xmpps://host:port");
  }
  const jid = read.string("ACS_XMPP_JID");
  const domain = /^[^@/\s]+@([^@/\s]+)$/.exec(jid)?.[1];
  if (domain === undefined) {
    throw new ConfigError("ACS_XMPP_JID", "must be a bare JID: user@domain");
  }
  return {
    service,
    jid,
    domain,
    password: read.string("ACS_XMPP_PASSWORD"),
    requireTls: read.boolean("ACS_XMPP_REQUIRE_TLS", true),
    resourcePrefix: read.string("ACS_XMPP_RESOURCE_PREFIX", "acs-"),
  };
}

function readCrCredentials(read: EnvReader): CrCredentials | undefined {
  const username = read.optionalString("ACS_CR_USERNAME");
  const password = read.optionalString("ACS_CR_PASSWORD");
  if (username === undefined && password === undefined) return undefined;
  if (username === undefined)
    throw new ConfigError("ACS_CR_USERNAME", "is required with ACS_CR_PASSWORD");
  if (password === undefined)
    throw new ConfigError("ACS_CR_PASSWORD", "is required with ACS_CR_USERNAME");
  return { username, password };
}

function commaList(read: EnvReader, name: string): string[] {
  return (read.optionalString(name) ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "");
}

/**
 * A comma list of CIDRs for the URL guard. ACS_CR_ALLOW_CIDRS (test setups only) lets it reach
 * otherwise refused ranges, e.g. loopback; ACS_CR_ALLOWED_NETWORKS restricts it to the
 * operator's CPE networks.
 */
function readCidrs(read: EnvReader, name: string): readonly string[] {
  const cidrs = commaList(read, name);
  try {
    createUrlGuard({ allowCidrs: cidrs });
  } catch (error) {
    if (error instanceof InvalidCidrError) {
      throw new ConfigError(name, `not a CIDR: ${error.cidr}`);
    }
    throw error;
  }
  return cidrs;
}

/** ACS_CR_ALLOWED_PORTS: e.g. `7547,30000-30100`; unset: any port. */
function readPorts(read: EnvReader): readonly PortRange[] {
  try {
    return commaList(read, "ACS_CR_ALLOWED_PORTS").map(parsePortRange);
  } catch (error) {
    if (error instanceof InvalidPortRangeError) {
      throw new ConfigError("ACS_CR_ALLOWED_PORTS", `not a port or range: ${error.entry}`);
    }
    throw error;
  }
}
