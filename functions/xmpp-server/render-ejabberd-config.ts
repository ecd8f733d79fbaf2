/** What the generated ejabberd.yml serves; the same renderer runs locally and in the image. */
export interface EjabberdConfigInput {
  readonly domain: string;
  /** Address the c2s listeners bind: 127.0.0.1 locally, 0.0.0.0 in the container. */
  readonly ip: string;
  /** c2s with STARTTLS required (RFC 6120 section 5). */
  readonly starttlsPort: number;
  /** c2s with direct TLS (XEP-0368), if any. */
  readonly directTlsPort?: number;
  /** One PEM file holding the private key and the certificate chain. */
  readonly pemPath: string;
  /** The external-auth command line, e.g. `/usr/bin/node /x/ext-auth.mjs /x/ext-auth.json`. */
  readonly extAuthProgram: string;
  /** Localpart of the ACS account: no shaper, a deep queue. */
  readonly acsUser: string;
  /** Seconds between server pings to an idle client (XEP-0199); a missed answer ends it. */
  readonly pingIntervalSeconds: number;
  /** @default "warning" */
  readonly logLevel?: "error" | "warning" | "info" | "debug";
}

/** A YAML double-quoted scalar. */
export function yamlString(text: string): string {
  return JSON.stringify(text);
}

function listener(input: EjabberdConfigInput, port: number, tls: "starttls" | "direct"): string[] {
  return [
    "  -",
    `    port: ${port}`,
    `    ip: ${yamlString(input.ip)}`,
    "    module: ejabberd_c2s",
    "    shaper: c2s_shaper",
    "    access: c2s",
    "    max_stanza_size: 65536",
    "    max_fsm_queue: 10000",
    ...(tls === "direct"
      ? ["    tls: true"]
      : ["    starttls: true", "    starttls_required: true"]),
  ];
}

/**
 * ejabberd.yml for ejabberd 23.01 (Debian 12): one host, c2s only (no s2s, HTTP or in-band
 * registration), accounts answered by the external-auth program (no database of users), CPEs
 * on Debian's "normal" shaper and the ACS on none (it sends every connection request), and
 * XEP-0199 pings so half-open CPE connections (NAT timeouts) are noticed and closed.
 */
export function renderEjabberdConfig(input: EjabberdConfigInput): string {
  const acsJid = `${input.acsUser}@${input.domain}`;
  const lines = [
    "hosts:",
    `  - ${yamlString(input.domain)}`,
    `loglevel: ${input.logLevel ?? "warning"}`,
    "hide_sensitive_log_data: true",
    "certfiles:",
    `  - ${yamlString(input.pemPath)}`,
    "define_macro:",
    "  TLS_OPTIONS:",
    '    - "no_sslv3"',
    '    - "no_tlsv1"',
    '    - "no_tlsv1_1"',
    "c2s_protocol_options: TLS_OPTIONS",
    "listen:",
    ...listener(input, input.starttlsPort, "starttls"),
    ...(input.directTlsPort === undefined ? [] : listener(input, input.directTlsPort, "direct")),
    "auth_method: [external]",
    `extauth_program: ${yamlString(input.extAuthProgram)}`,
    "extauth_pool_size: 2",
    "auth_use_cache: true",
    "auth_cache_life_time: 600",
    "default_db: mnesia",
    "acl:",
    "  acs:",
    "    user:",
    `      - ${yamlString(acsJid)}`,
    "access_rules:",
    "  c2s:",
    "    allow: all",
    "  register:",
    "    deny: all",
    "shaper:",
    "  normal:",
    "    rate: 3000",
    "    burst_size: 20000",
    "shaper_rules:",
    "  c2s_shaper:",
    "    - none: acs",
    "    - normal",
    "  max_user_sessions:",
    "    - 1000: acs",
    "    - 2",
    "modules:",
    "  mod_disco: {}",
    "  mod_ping:",
    "    send_pings: true",
    `    ping_interval: ${input.pingIntervalSeconds}`,
    "    ping_ack_timeout: 32",
    "    timeout_action: kill",
  ];
  return `${lines.join("\n")}\n`;
}
