/** A variable the container needs is missing. */
export class ContainerSettingMissingError extends Error {
  constructor(readonly variable: string) {
    super(`${variable} is not set`);
    this.name = "ContainerSettingMissingError";
  }
}

/** A port variable is not a TCP port number. */
export class ContainerSettingInvalidError extends Error {
  constructor(
    readonly variable: string,
    readonly value: string,
  ) {
    super(`${variable} must be a TCP port (1-65535), got ${JSON.stringify(value)}`);
    this.name = "ContainerSettingInvalidError";
  }
}

/**
 * The image's paths and ports (functions/xmpp-server/Dockerfile: COPY to /app/, EXPOSE, ENV);
 * the variables exist so a test can run the same entry point outside the image.
 */
export const CONTAINER_DEFAULTS = {
  runDir: "/run/acs-xmpp",
  extAuthProgram: "/app/ext-auth.mjs",
  ejabberdctl: "/usr/sbin/ejabberdctl",
  starttlsPort: 5222,
  directTlsPort: 5223,
} as const;

export interface ContainerSettings {
  readonly runDir: string;
  readonly extAuthProgram: string;
  readonly ejabberdctl: string;
  readonly starttlsPort: number;
  readonly directTlsPort: number;
  readonly domain: string;
  readonly acsUser: string;
  readonly acsPassword: string;
  readonly accountKey: string;
  readonly tlsPem: string;
  readonly pingIntervalSeconds: number;
}

/** Variables holding secrets: written to 0600 files, never passed on to ejabberd. */
export const SECRET_VARIABLES = ["XMPP_TLS_PEM", "XMPP_ACS_PASSWORD", "XMPP_ACCOUNT_KEY"] as const;

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (value === undefined || value === "") throw new ContainerSettingMissingError(name);
  return value;
}

function port(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const text = env[name];
  if (text === undefined || text === "") return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > 65_535) {
    throw new ContainerSettingInvalidError(name, text);
  }
  return value;
}

/** @throws ContainerSettingMissingError, ContainerSettingInvalidError */
export function readContainerSettings(env: NodeJS.ProcessEnv): ContainerSettings {
  return {
    runDir: env.XMPP_RUN_DIR || CONTAINER_DEFAULTS.runDir,
    extAuthProgram: env.XMPP_EXT_AUTH_PROGRAM || CONTAINER_DEFAULTS.extAuthProgram,
    ejabberdctl: env.XMPP_EJABBERDCTL || CONTAINER_DEFAULTS.ejabberdctl,
    starttlsPort: port(env, "XMPP_STARTTLS_PORT", CONTAINER_DEFAULTS.starttlsPort),
    directTlsPort: port(env, "XMPP_DIRECT_TLS_PORT", CONTAINER_DEFAULTS.directTlsPort),
    domain: required(env, "XMPP_DOMAIN"),
    acsUser: required(env, "XMPP_ACS_USER"),
    acsPassword: required(env, "XMPP_ACS_PASSWORD"),
    accountKey: required(env, "XMPP_ACCOUNT_KEY"),
    tlsPem: required(env, "XMPP_TLS_PEM"),
    pingIntervalSeconds: Number(env.XMPP_PING_INTERVAL_SECONDS ?? "60"),
  };
}
