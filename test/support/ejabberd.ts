import { randomBytes } from "node:crypto";
import { chmod, copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serviceIds } from "./prosody.ts";
import { XmppServerNotInstalledError, XmppServerStartError } from "./xmpp-harness-errors.ts";
import { findBinary } from "./xmpp-require-binary.ts";
import { createSelfSignedCert } from "./xmpp-self-signed-cert.ts";
import {
  asUser,
  freePort,
  runCommand,
  type ServerProcess,
  spawnServer,
  waitForPort,
} from "./xmpp-server-process.ts";
import type { XmppTestServer, XmppTestServerOptions } from "./xmpp-test-server.ts";

const HOST = "127.0.0.1";
const SERVICE_USER = "ejabberd";

interface EjabberdConfigInput {
  port: number;
  domain: string;
  pemPath: string | undefined;
  streamManagement: boolean;
  /** Localparts of server admins; enables XEP-0133 ad-hoc administration when given. */
  admins: readonly string[] | undefined;
}

/** acl admin + the "configure" access rule mod_configure checks, and the two modules. */
function adminAdhocLines(domain: string, admins: readonly string[] | undefined) {
  if (admins === undefined) return { top: [], modules: [] };
  return {
    top: [
      "acl:",
      "  admin:",
      "    user:",
      ...admins.map((user) => `      - "${user}@${domain}"`),
      "access_rules:",
      "  configure:",
      "    allow: admin",
    ],
    modules: ["  mod_adhoc: {}", "  mod_configure: {}"],
  };
}

/** ejabberd.yml: loopback c2s without shaper (Debian's default c2s shaper is 3000 B/s). */
export function renderEjabberdConfig(input: EjabberdConfigInput): string {
  const admin = adminAdhocLines(input.domain, input.admins);
  const lines = [
    "hosts:",
    `  - "${input.domain}"`,
    "loglevel: warning",
    ...(input.pemPath ? ["certfiles:", `  - "${input.pemPath}"`] : []),
    "listen:",
    "  -",
    `    port: ${input.port}`,
    `    ip: "${HOST}"`,
    "    module: ejabberd_c2s",
    "    shaper: none",
    `    starttls: ${input.pemPath ? "true" : "false"}`,
    `    starttls_required: ${input.pemPath ? "true" : "false"}`,
    "auth_method: internal",
    "auth_password_format: scram",
    "default_db: mnesia",
    "shaper_rules:",
    "  c2s_shaper: none",
    ...admin.top,
    "modules:",
    "  mod_disco: {}",
    "  mod_ping: {}",
    ...admin.modules,
    ...(input.streamManagement ? ["  mod_stream_mgmt: {}"] : []),
  ];
  return `${lines.join("\n")}\n`;
}

/**
 * ejabberdctl.cfg: a node name of its own, and Erlang distribution on a fixed loopback port
 * (ERL_DIST_PORT) so neither epmd nor the node listen beyond 127.0.0.1 or outlive the test.
 */
function renderCtlConfig(node: string, distPort: number, dir: string): string {
  return [
    `ERLANG_NODE=${node}`,
    `INET_DIST_INTERFACE=${HOST}`,
    `ERL_EPMD_ADDRESS=${HOST}`,
    `ERL_DIST_PORT=${distPort}`,
    `EJABBERD_PID_PATH=${join(dir, "ejabberd.pid")}`,
    "",
  ].join("\n");
}

async function writeFiles(dir: string, options: XmppTestServerOptions, domain: string) {
  await mkdir(join(dir, "spool"));
  await mkdir(join(dir, "logs"));
  const cert = options.tls ? await createSelfSignedCert(dir, domain) : undefined;
  const pemPath = cert ? join(dir, "server.pem") : undefined;
  if (cert && pemPath) {
    const pem = (await readFile(cert.keyPath, "utf8")) + cert.certPem;
    await writeFile(pemPath, pem, { mode: 0o600 });
  }
  const port = await freePort();
  const distPort = await freePort();
  const node = `acs-test-${randomBytes(4).toString("hex")}@localhost`;
  await writeFile(
    join(dir, "ejabberd.yml"),
    renderEjabberdConfig({
      port,
      domain,
      pemPath,
      streamManagement: options.streamManagement ?? false,
      admins: options.adminAdhoc?.admins,
    }),
  );
  await writeFile(join(dir, "ejabberdctl.cfg"), renderCtlConfig(node, distPort, dir));
  await copyFile("/etc/ejabberd/inetrc", join(dir, "inetrc")).catch(() =>
    writeFile(join(dir, "inetrc"), ""),
  );
  if (process.getuid?.() === 0) {
    const { uid, gid } = await serviceIds(SERVICE_USER);
    await runCommand("chown", ["-R", `${uid}:${gid}`, dir]);
    await chmod(dir, 0o755);
  }
  return { port, caCert: cert?.certPem };
}

/**
 * Runs Debian's ejabberd (23.01) in the foreground with its own config folder, spool and
 * Erlang cookie (HOME points into the temporary folder).
 */
export async function startEjabberd(options: XmppTestServerOptions = {}): Promise<XmppTestServer> {
  const ejabberdctl = findBinary("ejabberdctl");
  if (ejabberdctl === undefined) throw new XmppServerNotInstalledError("ejabberdctl");
  const domain = options.domain ?? "acs.test";
  const dir = await mkdtemp(join(tmpdir(), "ejabberd-test-"));
  const ctl = (args: string[]): [string, string[]] =>
    asUser(SERVICE_USER, "env", [
      `HOME=${dir}`,
      ejabberdctl,
      "--config-dir",
      dir,
      "--spool",
      join(dir, "spool"),
      "--logs",
      join(dir, "logs"),
      ...args,
    ]);

  let server: ServerProcess | undefined;
  let port = 0;
  const launch = async () => {
    const [command, args] = ctl(["foreground"]);
    const started = spawnServer(command, args, dir);
    if (!(await waitForPort(HOST, port, started, 30_000))) {
      await started.stop(1_000);
      throw new XmppServerStartError("ejabberd", `not listening on ${port}`, started.output());
    }
    server = started;
  };
  const halt = async () => {
    if (server) {
      // A graceful stop lets mnesia flush its log, so accounts survive a restart; a
      // killed VM can lose recent registrations (seen under load in CI).
      const [command, args] = ctl(["stop"]);
      await runCommand(command, args, { cwd: dir, timeoutMs: 15_000 }).catch(() => undefined);
    }
    await server?.stop(10_000);
    server = undefined;
  };
  const register = async (user: string, password: string) => {
    const [command, args] = ctl(["register", user, domain, password]);
    await runCommand(command, args, { cwd: dir, timeoutMs: 30_000 });
  };

  let caCert: string | undefined;
  try {
    ({ port, caCert } = await writeFiles(dir, options, domain));
    await launch();
    // Each ejabberdctl call boots a small Erlang VM (~0.5 s): register in parallel.
    await Promise.all((options.accounts ?? []).map((a) => register(a.user, a.password)));
  } catch (error) {
    await halt();
    await rm(dir, { recursive: true, force: true });
    throw error;
  }

  return {
    kind: "ejabberd",
    host: HOST,
    port,
    domain,
    service: `xmpp://${HOST}:${port}`,
    caCert,
    register,
    async restart({ whileDown } = {}) {
      await halt();
      await whileDown?.();
      await launch();
      // Belt and braces: a server coming back has its accounts (registering again is refused
      // for existing ones, which is fine).
      await Promise.all(
        (options.accounts ?? []).map((a) => register(a.user, a.password).catch(() => undefined)),
      );
    },
    freeze() {
      server?.signal("SIGSTOP");
    },
    thaw() {
      server?.signal("SIGCONT");
    },
    async stop() {
      await halt();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
