import { fileURLToPath } from "node:url";
import { ConfigError } from "../config/config-error.ts";
import { type LocalXmppSettings, readLocalXmppSettings } from "./xmpp/local-xmpp-settings.ts";
import { renderLocalXmppBanner } from "./xmpp/render-local-xmpp-banner.ts";
import { startLocalEjabberd } from "./xmpp/start-local-ejabberd.ts";
import { startLocalProsody } from "./xmpp/start-local-prosody.ts";

/**
 * `npm run xmpp [-- --server prosody|ejabberd]`: a local prosody (default) or ejabberd (external
 * auth, no CPE accounts) on loopback for trying XMPP connection requests (TR-069 Annex K) with
 * the local ACS. Runs in the foreground; Ctrl-C or SIGTERM stops the server, then
 * exits 0. Any failure: one line on stderr and a non-zero exit.
 */
const projectRoot = fileURLToPath(new URL("../..", import.meta.url));

function fail(message: string, code = 1): never {
  const [firstLine] = message.split("\n");
  process.stderr.write(`npm run xmpp: ${firstLine}\n`);
  process.exit(code);
}

function settingsOrExit(): LocalXmppSettings {
  try {
    return readLocalXmppSettings(process.env, projectRoot);
  } catch (error) {
    if (error instanceof ConfigError) fail(`configuration error: ${error.message}`, 2);
    throw error;
  }
}

type ServerKind = "prosody" | "ejabberd";

/** `--server prosody|ejabberd` (also `--server=...`); prosody when absent. */
function serverKindOrExit(argv: readonly string[]): ServerKind {
  const at = argv.findIndex((arg) => arg === "--server" || arg.startsWith("--server="));
  if (at === -1) return "prosody";
  const value = argv[at]?.includes("=") ? argv[at]?.split("=")[1] : argv[at + 1];
  if (value === "prosody" || value === "ejabberd") return value;
  return fail(`--server must be prosody or ejabberd, not "${value ?? ""}"`, 2);
}

function startServer(kind: ServerKind, settings: LocalXmppSettings) {
  const onOutput = (text: string) => process.stderr.write(text);
  return kind === "ejabberd"
    ? startLocalEjabberd(settings, { onOutput })
    : startLocalProsody(settings, { onOutput }).then((server) => ({
        ...server,
        accountKey: undefined,
      }));
}

async function main(): Promise<void> {
  const kind = serverKindOrExit(process.argv.slice(2));
  const settings = settingsOrExit();
  const starting = startServer(kind, settings);
  let stopping = false;
  const stop = async (signal: NodeJS.Signals): Promise<void> => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\n${signal}: stopping ${kind}...\n`);
    // Also during start-up: wait for the server to be up (or to have failed), then stop it.
    const server = await starting.catch(() => undefined);
    await server?.stop();
    process.stdout.write("stopped.\n");
    process.exit(0);
  };
  process.on("SIGINT", (signal) => void stop(signal));
  process.on("SIGTERM", (signal) => void stop(signal));

  let server: Awaited<typeof starting>;
  try {
    server = await starting;
  } catch (error) {
    if (stopping) return; // stop() exits
    fail(error instanceof Error ? error.message : String(error));
  }
  if (stopping) return;
  process.stdout.write(
    renderLocalXmppBanner({
      service: server.service,
      host: settings.host,
      port: settings.port,
      domain: settings.domain,
      jid: server.jid,
      password: server.password,
      certPath: server.certPath,
      dir: settings.dir,
      server: kind,
      ...(server.accountKey !== undefined && { accountKey: server.accountKey }),
    }),
  );
  const code = await server.process.exited;
  if (!stopping) fail(`${kind} exited unexpectedly (${code}); see ${server.logPath}`);
}

await main();
