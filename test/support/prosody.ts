import { chmod, chown, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
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
const SERVICE_USER = "prosody";

interface ProsodyConfigInput {
  dir: string;
  port: number;
  domain: string;
  tls: { keyPath: string; certPath: string } | undefined;
  streamManagement: boolean;
  /** Localparts of server admins; enables XEP-0133 ad-hoc administration when given. */
  admins: readonly string[] | undefined;
}

/** Lua config: loopback only, no s2s/http, raised mod_limits (Debian's 10 kB/s would crawl). */
export function renderProsodyConfig(input: ProsodyConfigInput): string {
  const modules = ["roster", "saslauth", "disco", "ping", "limits"];
  if (input.tls) modules.push("tls");
  if (input.streamManagement) modules.push("smacks");
  if (input.admins !== undefined) modules.push("adhoc", "admin_adhoc");
  const disabled = ["s2s", "offline", "posix"];
  if (!input.tls) disabled.push("tls");
  const list = (items: string[]) => `{ ${items.map((item) => JSON.stringify(item)).join(", ")} }`;
  const lines = [
    `interfaces = { "${HOST}" }`,
    `c2s_ports = { ${input.port} }`,
    "c2s_direct_tls_ports = {}",
    "legacy_ssl_ports = {}",
    "http_ports = {}",
    "https_ports = {}",
    `modules_enabled = ${list(modules)}`,
    `modules_disabled = ${list(disabled)}`,
    'authentication = "internal_hashed"',
    'storage = "internal"',
    `c2s_require_encryption = ${input.tls ? "true" : "false"}`,
    "allow_unencrypted_plain_auth = false",
    `data_path = "${join(input.dir, "data")}"`,
    `certificates = "${join(input.dir, "certs")}"`,
    `log = { info = "${join(input.dir, "prosody.log")}", error = "*stderr" }`,
    'limits = { c2s = { rate = "50mb/s", burst = "2s" } }',
    // The RFC 5802 minimum instead of 10000: @xmpp/client's SCRAM PBKDF2 costs ~80 µs per
    // iteration, so every test login is ~2.5x faster. Production keeps the server default.
    "default_iteration_count = 4096",
    ...(input.admins === undefined
      ? []
      : [`admins = ${list(input.admins.map((user) => `${user}@${input.domain}`))}`]),
    `VirtualHost "${input.domain}"`,
  ];
  if (input.tls) {
    lines.push(`  ssl = { key = "${input.tls.keyPath}", certificate = "${input.tls.certPath}" }`);
  }
  return `${lines.join("\n")}\n`;
}

async function prepareDir(dir: string): Promise<void> {
  await mkdir(join(dir, "data"), { recursive: true });
  await mkdir(join(dir, "certs"), { recursive: true });
  if (process.getuid?.() !== 0) return;
  const { uid, gid } = await serviceIds(SERVICE_USER);
  for (const path of [dir, join(dir, "data"), join(dir, "certs")]) await chown(path, uid, gid);
  await chmod(dir, 0o755);
}

/** uid/gid of a system user, read with `id` (no /etc/passwd parsing). */
export async function serviceIds(user: string): Promise<{ uid: number; gid: number }> {
  const uid = Number(await runCommand("id", ["-u", user]));
  const gid = Number(await runCommand("id", ["-g", user]));
  return { uid, gid };
}

/**
 * Runs Debian's prosody (0.12) in the foreground on a random loopback port with a config of its
 * own. Stream management: Debian's prosody 0.12 ships mod_smacks (XEP-0198) in core.
 */
export async function startProsody(options: XmppTestServerOptions = {}): Promise<XmppTestServer> {
  const prosody = findBinary("prosody");
  const prosodyctl = findBinary("prosodyctl");
  if (prosody === undefined) throw new XmppServerNotInstalledError("prosody");
  if (prosodyctl === undefined) throw new XmppServerNotInstalledError("prosodyctl");

  const domain = options.domain ?? "acs.test";
  const dir = await mkdtemp(join(tmpdir(), "prosody-test-"));
  await prepareDir(dir);
  const cert = options.tls ? await createSelfSignedCert(join(dir, "certs"), domain) : undefined;
  if (cert !== undefined && process.getuid?.() === 0) {
    const { uid, gid } = await serviceIds(SERVICE_USER);
    await chown(cert.keyPath, uid, gid);
    await chown(cert.certPath, uid, gid);
  }
  const port = await freePort();
  const configPath = join(dir, "prosody.cfg.lua");
  await writeFile(
    configPath,
    renderProsodyConfig({
      dir,
      port,
      domain,
      tls: cert,
      streamManagement: options.streamManagement ?? false,
      admins: options.adminAdhoc?.admins,
    }),
  );
  await chmod(configPath, 0o644);

  let server: ServerProcess | undefined;
  const launch = async () => {
    const [command, args] = asUser(SERVICE_USER, prosody, ["-F", "--config", configPath]);
    const started = spawnServer(command, args, dir);
    if (!(await waitForPort(HOST, port, started, 10_000))) {
      await started.stop(1_000);
      throw new XmppServerStartError("prosody", `not listening on ${port}`, started.output());
    }
    server = started;
  };
  const halt = async () => {
    await server?.stop();
    server = undefined;
  };
  const register = async (user: string, password: string) => {
    const [command, args] = asUser(SERVICE_USER, prosodyctl, [
      "--config",
      configPath,
      "register",
      user,
      domain,
      password,
    ]);
    await runCommand(command, args, { cwd: dir });
  };

  try {
    await launch();
    for (const account of options.accounts ?? []) await register(account.user, account.password);
  } catch (error) {
    await halt();
    await rm(dir, { recursive: true, force: true });
    throw error;
  }

  return {
    kind: "prosody",
    host: HOST,
    port,
    domain,
    service: `xmpp://${HOST}:${port}`,
    caCert: cert?.certPem,
    register,
    async restart({ whileDown } = {}) {
      await halt();
      await whileDown?.();
      await launch();
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
