import { join } from "node:path";

export interface ProsodyConfigInput {
  /** Folder for data/, the log and certificates; must be writable by the prosody process. */
  dir: string;
  /** c2s port on `host`. */
  port: number;
  /** @default "127.0.0.1" */
  host?: string;
  domain: string;
  /** STARTTLS, required for c2s, with this key and certificate; undefined: no TLS at all. */
  tls: { keyPath: string; certPath: string } | undefined;
  /** XEP-0198 (Debian's prosody 0.12 ships mod_smacks in core). */
  streamManagement: boolean;
  /** Localparts of server admins; enables XEP-0133 ad-hoc administration when given. */
  admins: readonly string[] | undefined;
  /**
   * Load mod_posix, whose signal handlers make SIGTERM a clean shutdown (streams closed with
   * </stream:stream>); without it SIGTERM ends prosody at once. No pidfile either way.
   * @default false
   */
  posixSignals?: boolean;
  /**
   * SCRAM iteration count for new passwords. @default prosody's own (10000). Tests pass 4096,
   * the RFC 5802 minimum, to make each login cheaper.
   */
  scramIterations?: number;
}

/** A Lua string literal; decimal escapes for control characters work in every Lua version. */
export function luaString(text: string): string {
  let escaped = "";
  for (const char of text) {
    const code = char.charCodeAt(0);
    if (char === "\\" || char === '"') escaped += `\\${char}`;
    else if (code < 0x20 || code === 0x7f) escaped += `\\${String(code).padStart(3, "0")}`;
    else escaped += char;
  }
  return `"${escaped}"`;
}

const list = (items: readonly string[]) => `{ ${items.map(luaString).join(", ")} }`;

/**
 * A complete prosody config of our own (no /etc/prosody): one VirtualHost, c2s on one loopback
 * port, no s2s, no HTTP, no in-band registration, and mod_limits raised: Debian's default
 * throttles each client to 10 kB/s, so an IQ load crawls at about 50 IQ/s.
 */
export function renderProsodyConfig(input: ProsodyConfigInput): string {
  const modules = ["roster", "saslauth", "disco", "ping", "limits"];
  if (input.tls) modules.push("tls");
  if (input.streamManagement) modules.push("smacks");
  if (input.admins !== undefined) modules.push("adhoc", "admin_adhoc");
  const disabled = ["s2s", "offline", "register"];
  if (input.posixSignals) modules.push("posix");
  else disabled.push("posix");
  if (!input.tls) disabled.push("tls");
  const lines = [
    `interfaces = ${list([input.host ?? "127.0.0.1"])}`,
    `c2s_ports = { ${input.port} }`,
    "c2s_direct_tls_ports = {}",
    "legacy_ssl_ports = {}",
    "s2s_ports = {}",
    "http_ports = {}",
    "https_ports = {}",
    `modules_enabled = ${list(modules)}`,
    `modules_disabled = ${list(disabled)}`,
    "allow_registration = false",
    'authentication = "internal_hashed"',
    'storage = "internal"',
    `c2s_require_encryption = ${input.tls ? "true" : "false"}`,
    "allow_unencrypted_plain_auth = false",
    `data_path = ${luaString(join(input.dir, "data"))}`,
    `certificates = ${luaString(join(input.dir, "certs"))}`,
    `log = { info = ${luaString(join(input.dir, "prosody.log"))}, error = "*stderr" }`,
    'limits = { c2s = { rate = "50mb/s", burst = "2s" } }',
    ...(input.scramIterations === undefined
      ? []
      : [`default_iteration_count = ${input.scramIterations}`]),
    ...(input.admins === undefined
      ? []
      : [`admins = ${list(input.admins.map((user) => `${user}@${input.domain}`))}`]),
    `VirtualHost ${luaString(input.domain)}`,
  ];
  if (input.tls) {
    const { keyPath, certPath } = input.tls;
    lines.push(`  ssl = { key = ${luaString(keyPath)}, certificate = ${luaString(certPath)} }`);
  }
  return `${lines.join("\n")}\n`;
}
