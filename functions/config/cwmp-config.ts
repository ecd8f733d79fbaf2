import {
  type CpeAuthMode,
  type CpeDigestAlgorithm,
  cpeDigestAlgorithms,
} from "../core/auth/cpe-authenticator.ts";
import type { TaskDefaults } from "../core/model/new-task.ts";
import type { SecretParameterPolicy } from "../core/model/secret-parameters.ts";
import { ConfigError } from "./config-error.ts";
import type { EnvReader } from "./env-reader.ts";
import { type ProvisioningConfig, readProvisioningConfig } from "./provisioning-config.ts";
import { readSecretParameterPolicy } from "./secret-parameters-config.ts";
import { readTaskDefaults } from "./task-defaults.ts";

/** The CWMP endpoint's configuration, read once at start. */
export interface CwmpConfig {
  readonly tableName: string;
  readonly cpeAuth: CpeAuthMode;
  readonly cpeAuthRealm: string;
  /** Shared CPE credentials (per-device ones live in the table). */
  readonly cpeUsername?: string;
  readonly cpePassword?: string;
  /** HMAC key for stateless digest nonces; the same on every instance. */
  readonly nonceSecret: string;
  /**
   * How long a digest nonce is accepted. Short (60 s): it only has to outlive the round trip
   * from the 401 to the CPE's answer, and a replay the open-session write cannot catch (an
   * answer whose Inform never opened a session, so was never recorded) is possible only this
   * long. An expired nonce costs a CPE one more 401 with stale=true (RFC 7616 section 3.3);
   * later requests of a session are carried by its cookie, not by the nonce.
   */
  readonly cpeNonceLifetimeMs: number;
  /** Digest algorithms offered to CPEs, most preferred first (RFC 7616 section 3.7). */
  readonly cpeDigestAlgorithms: readonly CpeDigestAlgorithm[];
  /**
   * Accept digest answers without qop (RFC 2069 style: no cnonce or nc), for agents that send
   * only that. Off by default; every such answer is logged (metric DigestWithoutQop).
   */
  readonly cpeDigestWithoutQop: boolean;
  readonly sessionIdleTimeoutMs: number;
  readonly maxExchanges: number;
  readonly xmlDeclaration: boolean;
  /** Provisioning profiles and the built-in XMPP profile (see provisioning-config.ts). */
  readonly provisioning: ProvisioningConfig;
  /** The one-shot tasks profiles queue (task-defaults.ts). */
  readonly taskDefaults: TaskDefaults;
  /** ACS_COOKIE_SECURE: the session cookie carries `Secure` (served over HTTPS). @default false */
  readonly secureCookie?: boolean;
  /** Secret parameters beyond the built-in names (secret-parameters-config.ts). */
  readonly secretParameters: SecretParameterPolicy;
}

/**
 * Variables: ACS_TABLE_NAME, ACS_CPE_AUTH (digest|basic|none, default
 * `defaultAuth`), ACS_CPE_USERNAME / ACS_CPE_PASSWORD, ACS_CPE_AUTH_REALM,
 * ACS_NONCE_SECRET, ACS_CPE_NONCE_LIFETIME_SECONDS (60), ACS_CPE_DIGEST_ALGORITHMS
 * ("SHA-256,MD5"), ACS_CPE_DIGEST_LEGACY (false: answers without qop refused),
 * ACS_SESSION_IDLE_TIMEOUT_SECONDS, ACS_MAX_EXCHANGES,
 * ACS_XML_DECLARATION, ACS_COOKIE_SECURE, the task defaults (task-defaults.ts) and
 * ACS_SECRET_PARAMETERS (secret-parameters-config.ts).
 */
export function readCwmpConfig(
  env: EnvReader,
  defaults: {
    auth: CpeAuthMode;
    nonceSecret?: string;
    provisioning?: Parameters<typeof readProvisioningConfig>[1];
    /** @default true */
    secureCookie?: boolean;
  },
): CwmpConfig {
  const cpeAuth = env.oneOf("ACS_CPE_AUTH", ["digest", "basic", "none"] as const, defaults.auth);
  const cpeUsername = env.optionalString("ACS_CPE_USERNAME");
  const cpePassword = env.optionalString("ACS_CPE_PASSWORD");
  if ((cpeUsername === undefined) !== (cpePassword === undefined)) {
    throw new ConfigError(
      cpeUsername ? "ACS_CPE_PASSWORD" : "ACS_CPE_USERNAME",
      "is required with its pair",
    );
  }
  const nonceSecret = env.optionalString("ACS_NONCE_SECRET") ?? defaults.nonceSecret;
  if (cpeAuth === "digest" && nonceSecret === undefined) {
    throw new ConfigError("ACS_NONCE_SECRET", "is required for digest authentication");
  }
  return {
    tableName: env.string("ACS_TABLE_NAME", "acs"),
    cpeAuth,
    cpeAuthRealm: env.string("ACS_CPE_AUTH_REALM", "acs"),
    ...(cpeUsername !== undefined && { cpeUsername }),
    ...(cpePassword !== undefined && { cpePassword }),
    nonceSecret: nonceSecret ?? "",
    cpeNonceLifetimeMs:
      env.integer("ACS_CPE_NONCE_LIFETIME_SECONDS", 60, { min: 5, max: 3600 }) * 1000,
    cpeDigestAlgorithms: readDigestAlgorithms(env),
    cpeDigestWithoutQop: env.boolean("ACS_CPE_DIGEST_LEGACY", false),
    sessionIdleTimeoutMs:
      env.integer("ACS_SESSION_IDLE_TIMEOUT_SECONDS", 30, { min: 5, max: 3600 }) * 1000,
    maxExchanges: env.integer("ACS_MAX_EXCHANGES", 500, { min: 4, max: 100_000 }),
    xmlDeclaration: env.boolean("ACS_XML_DECLARATION", false),
    provisioning: readProvisioningConfig(env, defaults.provisioning),
    taskDefaults: readTaskDefaults(env),
    // Default on in AWS (API Gateway serves HTTPS only); the local ACS passes false (plain http).
    secureCookie: env.boolean("ACS_COOKIE_SECURE", defaults.secureCookie ?? true),
    secretParameters: readSecretParameterPolicy(env),
  };
}

/** ACS_CPE_DIGEST_ALGORITHMS: a comma-separated list of SHA-256 and MD5, most preferred first. */
function readDigestAlgorithms(env: EnvReader): readonly CpeDigestAlgorithm[] {
  const name = "ACS_CPE_DIGEST_ALGORITHMS";
  const text = env.string(name, cpeDigestAlgorithms.join(","));
  const algorithms = text.split(",").map((part) => {
    const wanted = part.trim().toUpperCase();
    const found = cpeDigestAlgorithms.find((algorithm) => algorithm === wanted);
    if (found === undefined) {
      throw new ConfigError(name, `names ${part.trim() || "nothing"}; use SHA-256 and/or MD5`);
    }
    return found;
  });
  if (new Set(algorithms).size !== algorithms.length) {
    throw new ConfigError(name, "names an algorithm twice");
  }
  return algorithms;
}
