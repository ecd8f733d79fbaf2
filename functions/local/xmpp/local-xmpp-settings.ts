import { isAbsolute, join, resolve } from "node:path";
import { ConfigError } from "../../config/config-error.ts";
import { envReader } from "../../config/env-reader.ts";

/** What `npm run xmpp` sets up; read once from the environment. */
export interface LocalXmppSettings {
  /** Config, data, log, certificate and the ACS password live here (absolute). */
  readonly dir: string;
  /** Always loopback: this server is for trying things out, not for real CPEs. */
  readonly host: "127.0.0.1";
  readonly port: number;
  readonly domain: string;
  /** Localpart of the ACS account, a server admin. */
  readonly acsUser: string;
}

type Env = Readonly<Record<string, string | undefined>>;

// RFC 1123 host name labels; the domain ends up in the Lua config and the certificate subject.
const DOMAIN =
  /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

/**
 * ACS_LOCAL_XMPP_DIR (default `<project>/.local/xmpp`), ACS_LOCAL_XMPP_PORT (5222),
 * ACS_LOCAL_XMPP_DOMAIN (acs.localhost).
 * @throws ConfigError naming the variable.
 */
export function readLocalXmppSettings(env: Env, projectRoot: string): LocalXmppSettings {
  const read = envReader(env);
  const domain = read.string("ACS_LOCAL_XMPP_DOMAIN", "acs.localhost").toLowerCase();
  if (!DOMAIN.test(domain)) {
    throw new ConfigError("ACS_LOCAL_XMPP_DOMAIN", `not a host name: "${domain}"`);
  }
  const dir = read.string("ACS_LOCAL_XMPP_DIR", join(projectRoot, ".local", "xmpp"));
  if ([...dir].some((char) => char.charCodeAt(0) < 0x20)) {
    throw new ConfigError("ACS_LOCAL_XMPP_DIR", "must not contain control characters");
  }
  return {
    dir: isAbsolute(dir) ? dir : resolve(dir),
    host: "127.0.0.1",
    port: read.integer("ACS_LOCAL_XMPP_PORT", 5222, { min: 1, max: 65_535 }),
    domain,
    acsUser: "acs",
  };
}
