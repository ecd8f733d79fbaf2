import { chmod, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createSelfSignedCert } from "../../functions/local/xmpp/create-self-signed-cert.ts";
import { LocalCommandError } from "../../functions/local/xmpp/errors.ts";
import { registerProsodyAccount } from "../../functions/local/xmpp/register-prosody-account.ts";
import { renderProsodyConfig } from "../../functions/local/xmpp/render-prosody-config.ts";
import { type ServiceUser, serviceUser } from "../../functions/local/xmpp/service-user.ts";
import {
  XmppCommandError,
  XmppServerNotInstalledError,
  XmppServerStartError,
} from "./xmpp-harness-errors.ts";
import { findBinary } from "./xmpp-require-binary.ts";
import { freePort, type ServerProcess, spawnServer, waitForPort } from "./xmpp-server-process.ts";
import type { XmppTestServer, XmppTestServerOptions } from "./xmpp-test-server.ts";

// The config rendering, certificate, account registration and run-as-prosody logic are shared
// with `npm run xmpp` (functions/local/xmpp/); this file keeps what only tests need: a random
// port, a temporary folder, restart/freeze/thaw.
export { renderProsodyConfig } from "../../functions/local/xmpp/render-prosody-config.ts";
export { serviceIds } from "../../functions/local/xmpp/service-user.ts";

const HOST = "127.0.0.1";

async function prepareDir(dir: string, runAs: ServiceUser): Promise<void> {
  await mkdir(join(dir, "data"), { recursive: true });
  await mkdir(join(dir, "certs"), { recursive: true });
  await runAs.own([dir, join(dir, "data"), join(dir, "certs")]);
  await chmod(dir, 0o755);
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
  const runAs = serviceUser();
  const dir = await mkdtemp(join(tmpdir(), "prosody-test-"));
  await prepareDir(dir, runAs);
  const cert = options.tls ? await createSelfSignedCert(join(dir, "certs"), domain) : undefined;
  if (cert !== undefined) await runAs.own([cert.keyPath, cert.certPath]);
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
      // The RFC 5802 minimum instead of 10000: every test login is cheaper.
      scramIterations: 4096,
    }),
  );
  await chmod(configPath, 0o644);

  let server: ServerProcess | undefined;
  const launch = async () => {
    const [command, args] = runAs.wrap(prosody, ["-F", "--config", configPath]);
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
    try {
      await registerProsodyAccount({
        prosodyctl,
        configPath,
        cwd: dir,
        runAs,
        user,
        domain,
        password,
      });
    } catch (error) {
      if (!(error instanceof LocalCommandError)) throw error;
      throw new XmppCommandError(error.command, error.exitCode, error.output, { cause: error });
    }
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
