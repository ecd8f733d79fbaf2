import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openXmppEndpoint, type XmppEndpoint } from "../functions/adapters/xmpp/xmpp-endpoint.ts";
import {
  derivedXmppPassword,
  xmppUsernameFor,
} from "../functions/core/provisioning/derived-xmpp-password.ts";
import { startLocalEjabberd } from "../functions/local/xmpp/start-local-ejabberd.ts";

export interface EjabberdIdleRow {
  readonly connections: number;
  readonly rssBeforeKiB: number;
  readonly rssAfterKiB: number;
  /** (after - before) / connections, in KiB. */
  readonly kibPerConnection: number;
  readonly failed: number;
}

const DOMAIN = "acs.bench";

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/** The Erlang VM (beam.smp) running with this config folder, found in /proc. */
async function beamPid(configDir: string): Promise<number> {
  for (const name of await readdir("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const cmdline = await readFile(`/proc/${name}/cmdline`, "utf8").catch(() => "");
    if (cmdline.includes("beam") && cmdline.includes(configDir)) return Number(name);
  }
  throw new Error(`no beam.smp process for ${configDir}`);
}

async function rssKiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 5_000));

/**
 * N idle authenticated CPE connections (STARTTLS + SASL PLAIN checked by the external-auth
 * program + bind) to the local ejabberd of `npm run xmpp -- --server ejabberd`, on loopback;
 * ejabberd's resident memory before and after gives the memory one idle CPE costs the server.
 * Bounded: at most `concurrency` logins at once; each endpoint's file descriptor is ours too
 * (raise `ulimit -n` above 2N + 100 for large N).
 */
export async function runEjabberdIdleBench(options: {
  connections: number;
  concurrency: number;
}): Promise<EjabberdIdleRow> {
  const dir = await mkdtemp(join(tmpdir(), "ejabberd-bench-"));
  const port = await freePort();
  const server = await startLocalEjabberd(
    { dir, host: "127.0.0.1", port, domain: DOMAIN, acsUser: "acs" },
    { pingIntervalSeconds: 600 },
  );
  const endpoints: XmppEndpoint[] = [];
  let failed = 0;
  try {
    const tlsCa = await readFile(server.certPath, "utf8");
    const pid = await beamPid(join(dir, "ejabberd"));
    await settle();
    const rssBeforeKiB = await rssKiB(pid);
    let next = 0;
    const worker = async () => {
      while (next < options.connections) {
        const username = xmppUsernameFor(`bench-${next++}`);
        try {
          endpoints.push(
            await openXmppEndpoint({
              service: server.service,
              domain: DOMAIN,
              username,
              password: derivedXmppPassword(server.accountKey, username),
              resource: "cwmp",
              requireTls: true,
              tlsCa,
              connectTimeoutMs: 30_000,
              onIq: () => ({ kind: "result" }),
            }),
          );
        } catch {
          failed += 1;
        }
      }
    };
    await Promise.all(Array.from({ length: options.concurrency }, worker));
    await settle();
    const rssAfterKiB = await rssKiB(pid);
    const open = endpoints.length;
    return {
      connections: open,
      rssBeforeKiB,
      rssAfterKiB,
      kibPerConnection: open === 0 ? Number.NaN : (rssAfterKiB - rssBeforeKiB) / open,
      failed,
    };
  } finally {
    for (const endpoint of endpoints) endpoint.destroy();
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  }
}
