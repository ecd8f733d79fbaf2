import { type ChildProcess, spawn } from "node:child_process";
import { chmod, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { connect, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * Apache httpd with mod_auth_digest (MD5, qop=auth) as an independent Digest implementation,
 * standing in for a CPE's connection-request listener. Runs in the foreground (`-X`) from a
 * temporary ServerRoot on 127.0.0.1 and a free port.
 */
export interface ApacheDigestOptions {
  readonly apacheBinary: string;
  readonly htdigestBinary: string;
  readonly realm: string;
  readonly username: string;
  readonly password: string;
  /** @default "/usr/lib/apache2/modules" (Debian) */
  readonly modulesDir?: string;
}

export interface ApacheDigestServer {
  /** A protected URL answering 200 with an empty body once authenticated. */
  readonly url: string;
  stop(): Promise<void>;
}

export class ApacheStartError extends Error {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = "ApacheStartError";
  }
}

const MODULES = [
  ["mpm_prefork_module", "mod_mpm_prefork.so"],
  ["authn_core_module", "mod_authn_core.so"],
  ["authn_file_module", "mod_authn_file.so"],
  ["authz_core_module", "mod_authz_core.so"],
  ["authz_user_module", "mod_authz_user.so"],
  ["auth_digest_module", "mod_auth_digest.so"],
] as const;

const START_TIMEOUT_MS = 10_000;

export async function startApacheDigest(options: ApacheDigestOptions): Promise<ApacheDigestServer> {
  const root = await mkdtemp(join(tmpdir(), "apache-digest-"));
  // When run as root, httpd serves as www-data: it must read these files.
  await chmod(root, 0o755);
  const port = await freePort();
  await writeFile(join(root, "cr"), "", { mode: 0o644 });
  await createUserFile(options, join(root, "users.htdigest"));
  await writeFile(join(root, "httpd.conf"), config(options, root, port), { mode: 0o644 });
  const child = spawn(options.apacheBinary, ["-X", "-d", root, "-f", join(root, "httpd.conf")], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const stop = async (): Promise<void> => {
    await terminate(child);
    await rm(root, { recursive: true, force: true });
  };
  try {
    await waitForPort(port, child);
  } catch (error) {
    const log = await readFile(join(root, "error.log"), "utf8").catch(() => "");
    await stop();
    throw new ApacheStartError(`apache did not start: ${output}${log}`, { cause: error });
  }
  return { url: `http://127.0.0.1:${port}/cr`, stop };
}

function config(options: ApacheDigestOptions, root: string, port: number): string {
  const modulesDir = options.modulesDir ?? "/usr/lib/apache2/modules";
  const asRoot = process.getuid?.() === 0;
  return [
    ...MODULES.map(([name, file]) => `LoadModule ${name} ${join(modulesDir, file)}`),
    ...(asRoot ? ["User www-data", "Group www-data"] : []),
    `ServerName 127.0.0.1`,
    `Listen 127.0.0.1:${port}`,
    `PidFile ${join(root, "httpd.pid")}`,
    `DefaultRuntimeDir ${root}`,
    `Mutex file:${root} default`,
    `ErrorLog ${join(root, "error.log")}`,
    "LogLevel warn",
    `DocumentRoot ${root}`,
    `<Location "/cr">`,
    "  AuthType Digest",
    `  AuthName "${options.realm}"`,
    "  AuthDigestProvider file",
    `  AuthUserFile ${join(root, "users.htdigest")}`,
    "  Require valid-user",
    "</Location>",
    "",
  ].join("\n");
}

/** htdigest prompts twice for the password; it reads the answers from stdin. */
async function createUserFile(options: ApacheDigestOptions, file: string): Promise<void> {
  const child = spawn(options.htdigestBinary, ["-c", file, options.realm, options.username], {
    stdio: ["pipe", "ignore", "pipe"],
  });
  child.stdin?.end(`${options.password}\n${options.password}\n`);
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  if (code !== 0) throw new ApacheStartError(`htdigest exited with ${code}`);
  await chmod(file, 0o644);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new ApacheStartError(`exited with ${child.exitCode}`);
    if (await canConnect(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new ApacheStartError(`port ${port} not open after ${START_TIMEOUT_MS} ms`);
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

async function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
  await exited;
  clearTimeout(timer);
}
