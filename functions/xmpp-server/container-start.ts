import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  type ContainerSettings,
  readContainerSettings,
  SECRET_VARIABLES,
} from "./container-settings.ts";
import { renderEjabberdConfig } from "./render-ejabberd-config.ts";

/** Writes the certificate, the external-auth settings and ejabberd.yml into the run folder. */
function writeRunFolder(settings: ContainerSettings): void {
  const run = settings.runDir;
  mkdirSync(join(run, "spool"), { recursive: true });
  mkdirSync(join(run, "logs"), { recursive: true });
  const pemPath = join(run, "server.pem");
  writeFileSync(pemPath, settings.tlsPem, { mode: 0o600 });
  const settingsPath = join(run, "ext-auth.json");
  const { domain, accountKey, acsUser, acsPassword } = settings;
  writeFileSync(settingsPath, JSON.stringify({ domain, accountKey, acsUser, acsPassword }), {
    mode: 0o600,
  });
  const config = renderEjabberdConfig({
    domain,
    ip: "0.0.0.0",
    starttlsPort: settings.starttlsPort,
    directTlsPort: settings.directTlsPort,
    pemPath,
    extAuthProgram: `${process.execPath} ${settings.extAuthProgram} ${settingsPath}`,
    acsUser,
    pingIntervalSeconds: settings.pingIntervalSeconds,
    logLevel: "info",
  });
  writeFileSync(join(run, "ejabberd.yml"), config);
  writeFileSync(join(run, "ejabberdctl.cfg"), "ERLANG_NODE=ejabberd@localhost\n");
  writeFileSync(join(run, "inetrc"), "");
}

/**
 * The image's entry point (bundled to /app/start.mjs): writes the certificate (from Secrets
 * Manager, through the task's secrets), the external-auth settings and the same ejabberd.yml as
 * `npm run xmpp -- --server ejabberd` into the run folder (an ephemeral volume: the root file
 * system is read-only), then runs ejabberd in the foreground with the secrets taken out of its
 * environment, and forwards ECS's SIGTERM to it.
 */
function main(env: NodeJS.ProcessEnv): void {
  const settings = readContainerSettings(env);
  writeRunFolder(settings);
  const run = settings.runDir;
  const childEnv: NodeJS.ProcessEnv = { ...env, HOME: run };
  for (const name of SECRET_VARIABLES) delete childEnv[name];
  const args = ["--config-dir", run, "--spool", join(run, "spool"), "--logs", join(run, "logs")];
  // ejabberdctl is a shell that waits on erl (beam.smp) without exec: a signal to the shell
  // alone would kill it and orphan a running ejabberd. So a stop goes through `ejabberdctl
  // stop` (Erlang distribution to this node, a clean shutdown), and only if that fails, a
  // signal to the whole process group, hence `detached`.
  const child = spawn(settings.ejabberdctl, [...args, "foreground"], {
    env: childEnv,
    stdio: "inherit",
    detached: true,
  });
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    const ctl = spawn(settings.ejabberdctl, [...args, "stop"], { env: childEnv, stdio: "inherit" });
    ctl.on("exit", (code) => {
      if (code !== 0) signalGroup(child.pid, signal);
    });
  };
  for (const signal of ["SIGTERM", "SIGINT"] as const) process.on(signal, () => stop(signal));
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

function signalGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the group is gone already
  }
}

main(process.env);
