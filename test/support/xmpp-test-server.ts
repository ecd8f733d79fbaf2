/** What the prosody and ejabberd harnesses both return. */
export interface XmppTestServer {
  readonly kind: "prosody" | "ejabberd";
  readonly host: string;
  readonly port: number;
  readonly domain: string;
  /** xmpp://127.0.0.1:<port> */
  readonly service: string;
  /** PEM of the self-signed certificate when TLS is on. */
  readonly caCert: string | undefined;
  register(user: string, password: string): Promise<void>;
  /** Stops the server, runs whileDown (if any), starts it again on the same port and data. */
  restart(options?: { whileDown?: () => Promise<void> }): Promise<void>;
  /** SIGSTOP the server: sockets stay open but nothing answers (a half-dead peer). */
  freeze(): void;
  /** SIGCONT after freeze(). */
  thaw(): void;
  /** Stops the server and removes its temporary folder. */
  stop(): Promise<void>;
}

export interface XmppTestServerOptions {
  /** @default "acs.test" */
  domain?: string;
  /** STARTTLS with a self-signed certificate, required for c2s. @default false */
  tls?: boolean;
  /** XEP-0198 stream management. @default false */
  streamManagement?: boolean;
  /**
   * XEP-0133 service administration over XEP-0050 ad-hoc commands (prosody mod_admin_adhoc,
   * ejabberd mod_configure), with these localparts as server admins. @default off
   */
  adminAdhoc?: { admins: readonly string[] };
  /** Accounts registered before returning. */
  accounts?: ReadonlyArray<{ user: string; password: string }>;
}
