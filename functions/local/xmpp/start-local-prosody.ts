import { randomBytes } from "node:crypto";
import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createSelfSignedCert, reusableCert } from "./create-self-signed-cert.ts";
import { LocalCommandError, ProsodyStartError } from "./errors.ts";
import { findProsody } from "./find-prosody.ts";
import type { LocalXmppSettings } from "./local-xmpp-settings.ts";
import { registerProsodyAccount } from "./register-prosody-account.ts";
import { renderProsodyConfig } from "./render-prosody-config.ts";
import { runCommand } from "./run-command.ts";
import { PROSODY_USER, type ServiceUser, serviceUser } from "./service-user.ts";
import { type ProsodyProcess, startProsodyProcess } from "./start-prosody-process.ts";

export interface LocalProsody {
  /** xmpp://127.0.0.1:<port> (STARTTLS required). */
  readonly service: string;
  /** Bare JID of the ACS account, a server admin. */
  readonly jid: string;
  readonly password: string;
  /** The self-signed certificate (PEM file) clients must trust. */
  readonly certPath: string;
  readonly configPath: string;
  readonly logPath: string;
  readonly process: ProsodyProcess;
  stop(): Promise<void>;
}

const DAY_MS = 86_400_000;

/** Random on first use, then kept in the folder so the printed settings stay valid. */
export async function stablePassword(path: string): Promise<string> {
  const kept = await readFile(path, "utf8").catch(() => "");
  if (kept.trim() !== "") return kept.trim();
  const password = randomBytes(24).toString("base64url");
  await writeFile(path, `${password}\n`, { mode: 0o600 });
  return password;
}

/** A year-long certificate, kept across runs (the path given to clients stays the same). */
async function certificate(dir: string, domain: string, runAs: ServiceUser) {
  const kept = await reusableCert(dir, domain, { now: Date.now(), minValidMs: DAY_MS });
  if (kept !== undefined) return kept;
  const cert = await createSelfSignedCert(dir, domain, { days: 365 });
  await runAs.own([cert.keyPath, cert.certPath]);
  return cert;
}

/** As root prosody runs as its own user, which must reach the folder (e.g. not under /root). */
async function checkReadable(runAs: ServiceUser, configPath: string): Promise<void> {
  const [command, args] = runAs.wrap("test", ["-r", configPath]);
  try {
    await runCommand(command, args);
  } catch (cause) {
    if (!(cause instanceof LocalCommandError)) throw cause;
    throw new ProsodyStartError(
      `the ${PROSODY_USER} user cannot read ${configPath}; set ACS_LOCAL_XMPP_DIR to a folder it can reach`,
      "",
      { cause },
    );
  }
}

/**
 * Sets up and starts the local XMPP server of `npm run xmpp`: a prosody config of our own in
 * settings.dir (c2s on loopback only, STARTTLS required with a self-signed certificate, no s2s,
 * no in-band registration, mod_limits raised), and the ACS account as a server admin so it can
 * create CPE accounts with XEP-0133 Add User (mod_adhoc + mod_admin_adhoc).
 * @throws ProsodyNotInstalledError, ProsodyStartError, LocalCommandError
 */
export async function startLocalProsody(
  settings: LocalXmppSettings,
  options: { onOutput?: (text: string) => void } = {},
): Promise<LocalProsody> {
  const { prosody, prosodyctl } = findProsody();
  const runAs = serviceUser();
  const { dir, domain, host, port, acsUser } = settings;
  const certsDir = join(dir, "certs");
  await mkdir(join(dir, "data"), { recursive: true });
  await mkdir(certsDir, { recursive: true });
  await runAs.own([dir, join(dir, "data"), certsDir]);
  await chmod(dir, 0o755);

  const password = await stablePassword(join(dir, "acs-password"));
  const cert = await certificate(certsDir, domain, runAs);
  const configPath = join(dir, "prosody.cfg.lua");
  const config = renderProsodyConfig({
    dir,
    host,
    port,
    domain,
    tls: cert,
    streamManagement: false,
    posixSignals: true,
    admins: [acsUser],
  });
  await writeFile(configPath, config, { mode: 0o644 });
  await chmod(configPath, 0o644); // writeFile's mode applies to new files only
  await checkReadable(runAs, configPath);
  const account = { user: acsUser, domain, password };
  await registerProsodyAccount({ prosodyctl, configPath, cwd: dir, runAs, ...account });

  const server = await startProsodyProcess({
    prosody,
    configPath,
    cwd: dir,
    runAs,
    host,
    port,
    ...(options.onOutput && { onOutput: options.onOutput }),
  });
  return {
    service: `xmpp://${host}:${port}`,
    jid: `${acsUser}@${domain}`,
    password,
    certPath: cert.certPath,
    configPath,
    logPath: join(dir, "prosody.log"),
    process: server,
    stop: () => server.stop(),
  };
}
