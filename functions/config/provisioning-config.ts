import { legacyKeyId, type SealingKeys } from "../adapters/crypto/aes-gcm-sealer.ts";
import type { ProfileTiming } from "../core/provisioning/profile-state.ts";
import type { StunProvisioningSettings } from "../core/provisioning/stun-profile.ts";
import type { XmppProvisioningSettings } from "../core/provisioning/xmpp-profile.ts";
import {
  type BulkDataProvisioningConfig,
  readBulkDataProvisioning,
} from "./bulk-data-profile-config.ts";
import { ConfigError } from "./config-error.ts";
import type { EnvReader } from "./env-reader.ts";
import { readSealingKeys } from "./secrets-key.ts";

/** Provisioning profiles, read once at start. */
export interface ProvisioningConfig {
  /** The built-in XMPP connection-request profile; undefined when XMPP is off. */
  readonly xmpp?: {
    readonly settings: XmppProvisioningSettings;
    readonly createAccounts: boolean;
    /** Shared with the operator's account provisioning when they create accounts themselves. */
    readonly accountKey?: string;
  };
  /** The built-in STUN profile (UDP connection requests, TR-069 Annex G); undefined when off. */
  readonly stun?: StunProvisioningSettings;
  /** The built-in bulk data profile (TR-232 over HTTP, bulk-data-profile-config.ts); undefined when off. */
  readonly bulkData?: BulkDataProvisioningConfig;
  /**
   * ACS_CR_CREDENTIALS: "per-device" sets each CPE's own ConnectionRequestUsername/Password
   * (the built-in CR-credentials profile); "shared" (default) leaves them to the operator, and
   * only XMPP-capable CPEs get their own pair (from the XMPP profile). Absent: shared.
   */
  readonly crCredentials?: "shared" | "per-device";
  /** The keys sealing per-device secrets (secrets-key.ts); required with the XMPP profile. */
  readonly sealingKeys?: SealingKeys;
  /**
   * The legacy key alone (ACS_SECRETS_KEY or the local default): the local ACS hands it to its
   * in-process sender, which reads the rest of the ring from the same variables.
   */
  readonly secretsKey?: Uint8Array;
  readonly profileCacheMs: number;
  readonly maxRpcsPerSession: number;
  readonly timing: ProfileTiming;
}

/**
 * Variables: ACS_XMPP_JID (the ACS's bare JID; XMPP provisioning is on when
 * it is set, unless ACS_XMPP_PROVISIONING=false), ACS_XMPP_CPE_DOMAIN
 * (default: the JID's domain), ACS_XMPP_CPE_SERVERS (host[:port],...),
 * ACS_XMPP_CPE_USE_TLS (default true), ACS_XMPP_CPE_RESOURCE (default
 * cwmp), ACS_XMPP_CREATE_ACCOUNTS (default true), ACS_XMPP_ACCOUNT_KEY
 * (required when accounts are not created: passwords derive from it), the sealing keys
 * (ACS_SECRETS_KEY, ACS_SECRETS_KEYS, ACS_SECRETS_KEY_ID: secrets-key.ts), ACS_CR_CREDENTIALS
 * (shared | per-device), ACS_STUN_SERVER_ADDRESS (the STUN server CPEs are pointed at; UDP
 * CRs are provisioned when set), ACS_STUN_SERVER_PORT (ACS_STUN_PORT if set, else 3478),
 * ACS_STUN_KEEPALIVE_SECONDS (30: below the NAT's and the NLB's UDP idle timeouts),
 * ACS_PROFILE_CACHE_SECONDS, ACS_PROFILE_MAX_RPCS,
 * ACS_PROFILE_BACKOFF_SECONDS, ACS_PROFILE_RECHECK_HOURS.
 */
export function readProvisioningConfig(
  env: EnvReader,
  defaults: {
    readonly secretsKey?: Uint8Array;
    readonly cpeServers?: string;
    /** ACS_PROFILE_CACHE_SECONDS when unset. @default 30 */
    readonly profileCacheSeconds?: number;
  } = {},
): ProvisioningConfig {
  const xmpp = readXmppProvisioning(env, defaults.cpeServers);
  const sealingKeys = readSealingKeys(env, defaults.secretsKey);
  const secretsKey = sealingKeys?.keys.get(legacyKeyId);
  const crCredentials = env.oneOf(
    "ACS_CR_CREDENTIALS",
    ["shared", "per-device"] as const,
    "shared",
  );
  const stun = readStunProvisioning(env);
  if ((xmpp || stun || crCredentials === "per-device") && sealingKeys === undefined) {
    const why = xmpp
      ? "XMPP provisioning"
      : stun
        ? "ACS_STUN_SERVER_ADDRESS"
        : "ACS_CR_CREDENTIALS=per-device";
    throw new ConfigError(
      "ACS_SECRETS_KEY",
      `is required for ${why} (32 bytes in base64, or a 32+ character passphrase; or ACS_SECRETS_KEYS)`,
    );
  }
  const backoff = env.integer("ACS_PROFILE_BACKOFF_SECONDS", 300, { min: 1, max: 86_400 });
  const bulkData = readBulkDataProvisioning(env);
  return {
    ...(xmpp && { xmpp }),
    ...(stun && { stun }),
    ...(bulkData && { bulkData }),
    crCredentials,
    ...(sealingKeys && { sealingKeys }),
    ...(secretsKey && { secretsKey }),
    profileCacheMs:
      env.integer("ACS_PROFILE_CACHE_SECONDS", defaults.profileCacheSeconds ?? 30, {
        min: 0,
        max: 3_600,
      }) * 1000,
    maxRpcsPerSession: env.integer("ACS_PROFILE_MAX_RPCS", 32, { min: 1, max: 1_000 }),
    timing: {
      faultBackoffMs: backoff * 1000,
      maxFaultBackoffMs: Math.max(backoff, 86_400) * 1000,
      recheckMs: env.integer("ACS_PROFILE_RECHECK_HOURS", 24, { min: 1, max: 8_760 }) * 3_600_000,
    },
  };
}

function readStunProvisioning(env: EnvReader): StunProvisioningSettings | undefined {
  const serverAddress = env.optionalString("ACS_STUN_SERVER_ADDRESS");
  if (serverAddress === undefined) return undefined;
  return {
    serverAddress,
    serverPort: env.integer("ACS_STUN_SERVER_PORT", ownStunPort(env), { min: 1, max: 65_535 }),
    keepAliveSeconds: env.integer("ACS_STUN_KEEPALIVE_SECONDS", 30, { min: 5, max: 3_600 }),
  };
}

/**
 * Where CPEs send Binding Requests unless told otherwise: the STUN server's own port when it runs
 * in this process on a fixed port (local mode, ACS_STUN_PORT), else 3478 (TR-111, behind the NLB).
 */
function ownStunPort(env: EnvReader): number {
  const own = env.integer("ACS_STUN_PORT", 0, { min: 0, max: 65_535 });
  return own === 0 ? 3478 : own;
}

function readXmppProvisioning(env: EnvReader, defaultServers: string | undefined) {
  const acsJid = env.optionalString("ACS_XMPP_JID");
  if (acsJid === undefined || !env.boolean("ACS_XMPP_PROVISIONING", true)) return undefined;
  const acsDomain = /^[^@/\s]+@([^@/\s]+)$/.exec(acsJid)?.[1];
  if (acsDomain === undefined)
    throw new ConfigError("ACS_XMPP_JID", "must be a bare JID: user@domain");
  const domain = env.string("ACS_XMPP_CPE_DOMAIN", acsDomain).toLowerCase();
  const createAccounts = env.boolean("ACS_XMPP_CREATE_ACCOUNTS", true);
  if (createAccounts && domain !== acsDomain.toLowerCase()) {
    throw new ConfigError(
      "ACS_XMPP_CPE_DOMAIN",
      "must be the domain of ACS_XMPP_JID while ACS_XMPP_CREATE_ACCOUNTS is on (XEP-0133 creates accounts on the ACS's own server)",
    );
  }
  const accountKey = env.optionalString("ACS_XMPP_ACCOUNT_KEY");
  if (!createAccounts && (accountKey === undefined || accountKey.length < 32)) {
    throw new ConfigError(
      "ACS_XMPP_ACCOUNT_KEY",
      "is required (32+ characters) when ACS_XMPP_CREATE_ACCOUNTS=false: CPE account passwords are derived from it, so your own provisioning can create the accounts",
    );
  }
  return {
    ...(accountKey !== undefined && { accountKey }),
    settings: {
      acsJid,
      domain,
      servers: parseServers(env.optionalString("ACS_XMPP_CPE_SERVERS") ?? defaultServers ?? ""),
      useTls: env.boolean("ACS_XMPP_CPE_USE_TLS", true),
      resource: env.string("ACS_XMPP_CPE_RESOURCE", "cwmp"),
    },
    createAccounts,
  };
}

/** "host[:port],..." (IPv6 in brackets); port 5222 by default (RFC 6120 14.7). */
export function parseServers(text: string): { address: string; port: number }[] {
  return text
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "")
    .map((entry) => {
      const match = /^(\[[^\]]+\]|[^:[\]]+)(?::(\d{1,5}))?$/.exec(entry);
      const port = Number(match?.[2] ?? 5222);
      if (!match?.[1] || port < 1 || port > 65_535) {
        throw new ConfigError("ACS_XMPP_CPE_SERVERS", `not host[:port]: "${entry}"`);
      }
      return { address: match[1].replace(/^\[|\]$/g, ""), port };
    });
}
