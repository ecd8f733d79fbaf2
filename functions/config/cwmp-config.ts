import type { CpeAuthMode } from "../core/auth/cpe-authenticator.ts";
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
  readonly sessionIdleTimeoutMs: number;
  readonly maxExchanges: number;
  readonly xmlDeclaration: boolean;
  /** Provisioning profiles and the built-in XMPP profile (see provisioning-config.ts). */
  readonly provisioning: ProvisioningConfig;
  /** The one-shot tasks profiles queue (task-defaults.ts). */
  readonly taskDefaults: TaskDefaults;
  /** Secret parameters beyond the built-in names (secret-parameters-config.ts). */
  readonly secretParameters: SecretParameterPolicy;
}

/**
 * Variables: ACS_TABLE_NAME, ACS_CPE_AUTH (digest|basic|none, default
 * `defaultAuth`), ACS_CPE_USERNAME / ACS_CPE_PASSWORD, ACS_CPE_AUTH_REALM,
 * ACS_NONCE_SECRET, ACS_SESSION_IDLE_TIMEOUT_SECONDS, ACS_MAX_EXCHANGES,
 * ACS_XML_DECLARATION, the task defaults (task-defaults.ts) and ACS_SECRET_PARAMETERS
 * (secret-parameters-config.ts).
 */
export function readCwmpConfig(
  env: EnvReader,
  defaults: {
    auth: CpeAuthMode;
    nonceSecret?: string;
    provisioning?: Parameters<typeof readProvisioningConfig>[1];
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
    sessionIdleTimeoutMs:
      env.integer("ACS_SESSION_IDLE_TIMEOUT_SECONDS", 30, { min: 5, max: 3600 }) * 1000,
    maxExchanges: env.integer("ACS_MAX_EXCHANGES", 500, { min: 4, max: 100_000 }),
    xmlDeclaration: env.boolean("ACS_XML_DECLARATION", false),
    provisioning: readProvisioningConfig(env, defaults.provisioning),
    taskDefaults: readTaskDefaults(env),
    secretParameters: readSecretParameterPolicy(env),
  };
}
