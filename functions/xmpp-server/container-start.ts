import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { renderEjabberdConfig } from "./render-ejabberd-config.ts";

/** A variable the container needs is missing. */
export class ContainerSettingMissingError extends Error {
  constructor(readonly variable: string) {
    super(`${variable} is not set`);
    this.name = "ContainerSettingMissingError";
  }
}

const SECRET_VARIABLES = ["XMPP_TLS_PEM", "XMPP_ACS_PASSWORD", "XMPP_ACCOUNT_KEY"] as const;

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (value === undefined || value === "") throw new ContainerSettingMissingError(name);
  return value;
}

/**
 * The image's entry point (bundled to /app/start.mjs): writes the certificate (from Secrets
 * Manager, through the task's secrets), the external-auth settings and the same ejabberd.yml as
 * `npm run xmpp -- --server ejabberd` into the run folder (an ephemeral volume: the root file
 * system is read-only), then runs ejabberd in the foreground with the secrets taken out of its
 * environment, and forwards ECS's SIGTERM to it.
 */
function main(env: NodeJS.ProcessEnv): void {
  const run = env.XMPP_RUN_DIR ?? "/run/acs-xmpp";
  const domain = required(env, "XMPP_DOMAIN");
  const acsUser = required(env, "XMPP_ACS_USER");
  mkdirSync(join(run, "spool"), { recursive: true });
  mkdirSync(join(run, "logs"), { recursive: true });
  const pemPath = join(run, "server.pem");
  writeFileSync(pemPath, required(env, "XMPP_TLS_PEM"), { mode: 0o600 });
  const settingsPath = join(run, "ext-auth.json");
  const settings = {
    domain,
    accountKey: required(env, "XMPP_ACCOUNT_KEY"),
    acsUser,
    acsPassword: required(env, "XMPP_ACS_PASSWORD"),
  };
  writeFileSync(settingsPath, JSON.stringify(settings), { mode: 0o600 });
  const config = renderEjabberdConfig({
    domain,
    ip: "0.0.0.0",
    starttlsPort: 5222,
    directTlsPort: 5223,
    pemPath,
    extAuthProgram: `${process.execPath} /app/ext-auth.mjs ${settingsPath}`,
    acsUser,
    pingIntervalSeconds: Number(env.XMPP_PING_INTERVAL_SECONDS ?? "60"),
    logLevel: "info",
  });
  writeFileSync(join(run, "ejabberd.yml"), config);
  writeFileSync(join(run, "ejabberdctl.cfg"), "ERLANG_NODE=ejabberd@localhost\n");
  writeFileSync(join(run, "inetrc"), "");
  const childEnv: NodeJS.ProcessEnv = { ...env, HOME: run };
  for (const name of SECRET_VARIABLES) delete childEnv[name];
  const args = ["--config-dir", run, "--spool", join(run, "spool"), "--logs", join(run, "logs")];
  const child = spawn("/usr/sbin/ejabberdctl", [...args, "foreground"], {
    env: childEnv,
    stdio: "inherit",
  });
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.on(signal, () => child.kill(signal));
  }
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

main(process.env);
