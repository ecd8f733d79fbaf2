import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { renderEjabberdConfig } from "../../xmpp-server/render-ejabberd-config.ts";
import { bundleExtAuth } from "./bundle-ext-auth.ts";
import { createSelfSignedCert, reusableCert } from "./create-self-signed-cert.ts";
import { EjabberdNotInstalledError } from "./errors.ts";
import { findExecutable } from "./find-prosody.ts";
import type { LocalXmppSettings } from "./local-xmpp-settings.ts";
import { serviceUser } from "./service-user.ts";
import { stablePassword } from "./start-local-prosody.ts";
import { type ProsodyProcess, startProsodyProcess } from "./start-prosody-process.ts";

export interface LocalEjabberd {
  /** xmpp://127.0.0.1:<port> (STARTTLS required). */
  readonly service: string;
  readonly jid: string;
  readonly password: string;
  /** ACS_XMPP_ACCOUNT_KEY: CPE passwords are HMAC-SHA256(key, username). */
  readonly accountKey: string;
  readonly certPath: string;
  readonly configPath: string;
  readonly logPath: string;
  readonly process: ProsodyProcess;
  stop(): Promise<void>;
}

const DAY_MS = 86_400_000;
const EJABBERD_USER = "ejabberd";

/** Key + chain in one PEM, as ejabberd's certfiles wants it; the certificate kept across runs. */
async function pemFile(dir: string, domain: string) {
  const cert =
    (await reusableCert(dir, domain, { now: Date.now(), minValidMs: DAY_MS })) ??
    (await createSelfSignedCert(dir, domain, { days: 365 }));
  const pemPath = join(dir, "server.pem");
  await writeFile(pemPath, (await readFile(cert.keyPath, "utf8")) + cert.certPem, { mode: 0o600 });
  return { pemPath, certPath: cert.certPath };
}

/**
 * ejabberdctl.cfg: a node name of our own and Erlang distribution on loopback only, so the
 * local server neither clashes with a system ejabberd nor listens beyond 127.0.0.1.
 */
function renderCtlConfig(dir: string, port: number): string {
  return [
    `ERLANG_NODE=acs-local-${port}@localhost`,
    "INET_DIST_INTERFACE=127.0.0.1",
    "ERL_EPMD_ADDRESS=127.0.0.1",
    `EJABBERD_PID_PATH=${join(dir, "ejabberd.pid")}`,
    "",
  ].join("\n");
}

/**
 * `npm run xmpp -- --server ejabberd`: Debian's ejabberd (23.01) in the foreground with the
 * generated ejabberd.yml of the deployed server (functions/xmpp-server/), STARTTLS required with
 * a self-signed certificate, and the external-auth program: CPE accounts need no registration,
 * their password is HMAC(key, username); the ACS account has its own password.
 * @throws EjabberdNotInstalledError, ProsodyStartError (ejabberd did not come up)
 */
export async function startLocalEjabberd(
  settings: LocalXmppSettings,
  options: { onOutput?: (text: string) => void; pingIntervalSeconds?: number } = {},
): Promise<LocalEjabberd> {
  const ejabberdctl = findExecutable("ejabberdctl", process.env.PATH ?? "");
  if (ejabberdctl === undefined) throw new EjabberdNotInstalledError();
  const runAs = serviceUser(EJABBERD_USER);
  const { domain, host, port, acsUser } = settings;
  const dir = join(settings.dir, "ejabberd");
  for (const sub of ["", "spool", "logs"]) await mkdir(join(dir, sub), { recursive: true });
  await chmod(settings.dir, 0o755);
  await chmod(dir, 0o755);
  const password = await stablePassword(join(dir, "acs-password"));
  const accountKey = await stablePassword(join(dir, "account-key"));
  const { pemPath, certPath } = await pemFile(dir, domain);
  const extAuthPath = join(dir, "ext-auth.mjs");
  const extAuthSettings = join(dir, "ext-auth.json");
  await bundleExtAuth(extAuthPath);
  const authSettings = { domain, accountKey, acsUser, acsPassword: password };
  await writeFile(extAuthSettings, JSON.stringify(authSettings), { mode: 0o600 });
  const configPath = join(dir, "ejabberd.yml");
  const config = renderEjabberdConfig({
    domain,
    ip: host,
    starttlsPort: port,
    pemPath,
    extAuthProgram: `${process.execPath} ${extAuthPath} ${extAuthSettings}`,
    acsUser,
    pingIntervalSeconds: options.pingIntervalSeconds ?? 60,
  });
  await writeFile(configPath, config, { mode: 0o644 });
  await writeFile(join(dir, "ejabberdctl.cfg"), renderCtlConfig(dir, port));
  await writeFile(join(dir, "inetrc"), await readFile("/etc/ejabberd/inetrc").catch(() => ""));
  const owned = ["spool", "logs", "server.pem", "ext-auth.json", "ext-auth.mjs", "ejabberd.yml"];
  await runAs.own([dir, ...owned.map((name) => join(dir, name))]);

  const server = await startProsodyProcess({
    label: "ejabberd",
    prosody: "env",
    args: [
      `HOME=${dir}`,
      ejabberdctl,
      ...["--config-dir", dir, "--spool", join(dir, "spool"), "--logs", join(dir, "logs")],
      "foreground",
    ],
    configPath,
    cwd: dir,
    runAs,
    host,
    port,
    startTimeoutMs: 30_000,
    ...(options.onOutput && { onOutput: options.onOutput }),
  });
  return {
    service: `xmpp://${host}:${port}`,
    jid: `${acsUser}@${domain}`,
    password,
    accountKey,
    certPath,
    configPath,
    logPath: join(dir, "logs", "ejabberd.log"),
    process: server,
    stop: () => server.stop(15_000),
  };
}
