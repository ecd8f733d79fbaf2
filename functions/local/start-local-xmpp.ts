import { fileURLToPath } from "node:url";
import { ConfigError } from "../config/config-error.ts";
import { type LocalXmppSettings, readLocalXmppSettings } from "./xmpp/local-xmpp-settings.ts";
import { renderLocalXmppBanner } from "./xmpp/render-local-xmpp-banner.ts";
import { type LocalProsody, startLocalProsody } from "./xmpp/start-local-prosody.ts";

/**
 * `npm run xmpp`: a local prosody on loopback for trying XMPP connection requests (TR-069
 * Annex K) with the local ACS. Runs in the foreground; Ctrl-C or SIGTERM stops prosody, then
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

async function main(): Promise<void> {
  const settings = settingsOrExit();
  const starting = startLocalProsody(settings, {
    onOutput: (text) => process.stderr.write(text),
  });
  let stopping = false;
  const stop = async (signal: NodeJS.Signals): Promise<void> => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\n${signal}: stopping prosody...\n`);
    // Also during start-up: wait for prosody to be up (or to have failed), then stop it.
    const server = await starting.catch(() => undefined);
    await server?.stop();
    process.stdout.write("stopped.\n");
    process.exit(0);
  };
  process.on("SIGINT", (signal) => void stop(signal));
  process.on("SIGTERM", (signal) => void stop(signal));

  let server: LocalProsody;
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
    }),
  );
  const code = await server.process.exited;
  if (!stopping) fail(`prosody exited unexpectedly (${code}); see ${server.logPath}`);
}

await main();
