export interface LocalXmppBannerInput {
  readonly service: string;
  readonly host: string;
  readonly port: number;
  readonly domain: string;
  readonly jid: string;
  readonly password: string;
  readonly certPath: string;
  readonly dir: string;
  /** @default "prosody" */
  readonly server?: "prosody" | "ejabberd";
  /** ejabberd: the key its external auth derives CPE passwords from (no accounts are created). */
  readonly accountKey?: string;
}

/** A shell word: as is when safe, otherwise single-quoted. */
export function shellWord(text: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`;
}

/**
 * The variables to set before `npm start`: only ones the local ACS reads (the sender's
 * readServiceSettings, the provisioning config). ACS_XMPP_REQUIRE_TLS keeps its default (true):
 * the sender negotiates STARTTLS whenever the server offers it and always verifies the
 * certificate, so "false" would not get past a self-signed one. NODE_EXTRA_CA_CERTS makes Node
 * trust it instead.
 */
export function acsXmppEnv(input: LocalXmppBannerInput): ReadonlyArray<[string, string]> {
  return [
    ["NODE_EXTRA_CA_CERTS", input.certPath],
    ["ACS_XMPP_SERVICE", input.service],
    ["ACS_XMPP_JID", input.jid],
    ["ACS_XMPP_PASSWORD", input.password],
    // CPE-FACING SERVER ADDRESS: what the built-in XMPP provisioning profile writes to
    // XMPP.Connection.{i}.Server. The local ACS derives the same from ACS_XMPP_SERVICE; printed
    // so it is visible, and the place to change should CPEs need another address.
    ["ACS_XMPP_CPE_SERVERS", `${input.host}:${input.port}`],
    ...(input.accountKey === undefined
      ? []
      : ([
          ["ACS_XMPP_CREATE_ACCOUNTS", "false"],
          ["ACS_XMPP_ACCOUNT_KEY", input.accountKey],
        ] satisfies Array<[string, string]>)),
  ];
}

/** What `npm run xmpp` prints once prosody listens. */
export function renderLocalXmppBanner(input: LocalXmppBannerInput): string {
  const lines = [
    "",
    `Local XMPP server for connection requests (${input.server ?? "prosody"})`,
    `  listening:    ${input.service}   (c2s only, STARTTLS required, no s2s, no in-band registration)`,
    `  domain:       ${input.domain}`,
    input.accountKey === undefined
      ? `  ACS account:  ${input.jid}   (server admin: creates CPE accounts with XEP-0133 Add User)`
      : `  ACS account:  ${input.jid}   (CPE accounts need none: external auth checks HMAC(key, username))`,
    `  certificate:  ${input.certPath}   (self-signed for ${input.domain})`,
    `  folder:       ${input.dir}   (config, accounts, log, ACS password: stable across runs)`,
    "",
    "Turn XMPP on in the local ACS: in another terminal, run",
    "",
    ...acsXmppEnv(input).map(([name, value]) => `  ${name}=${shellWord(value)} \\`),
    "  npm start",
    "",
    "  NODE_EXTRA_CA_CERTS makes Node trust the self-signed certificate (ACS_XMPP_REQUIRE_TLS=false",
    "  would not help: the ACS always negotiates STARTTLS when offered and checks the certificate).",
    `  ACS_XMPP_CPE_SERVERS is the CPE-facing server address: CPEs connect to ${input.host}:${input.port}`,
    "  too (this server listens on loopback only), with TLS, and must trust the certificate.",
    "  Simulated CPEs: NODE_EXTRA_CA_CERTS=... npm run sim -- --acs http://127.0.0.1:7547/",
    "",
    `Ctrl-C stops ${input.server ?? "prosody"}.`,
    "",
  ];
  return `${lines.join("\n")}\n`;
}
