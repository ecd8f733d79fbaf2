import { startLocalSqs } from "../functions/adapters/sqs/local-sqs.ts";
import { startDigestTestServer } from "../test/support/digest-test-server.ts";
import { type CpeAgent, startCpeAgent } from "../test/support/xmpp-cpe-agent.ts";

/**
 * The far side of the connection-request benchmark, in its own process so that its CPU does
 * not count against the sender (which has the bench process to itself). One role per process,
 * chosen by BENCH_PEER_ROLE, configured by the JSON in BENCH_PEER_CONFIG:
 * - "agents": XMPP CPE agents answering every Annex K connection request with `result`;
 * - "digest": a CPE connection-request listener with MD5 Digest (TR-069 3.2.2);
 * - "sqs": local-aws-sqs with the connection-request queue and its DLQ.
 * Prints one JSON line (`PeerReady`) on stdout when ready; SIGTERM stops it.
 */
export type PeerRole = "agents" | "digest" | "sqs";

export interface AgentsConfig {
  readonly service: string;
  readonly domain: string;
  readonly accounts: ReadonlyArray<{ readonly username: string; readonly password: string }>;
}

export interface DigestConfig {
  readonly username: string;
  readonly password: string;
}

export type PeerReady =
  | { readonly role: "agents"; readonly pid: number; readonly jids: readonly string[] }
  | { readonly role: "digest"; readonly pid: number; readonly url: string }
  | {
      readonly role: "sqs";
      readonly pid: number;
      readonly endpoint: string;
      readonly queueUrl: string;
      readonly dlqUrl: string;
    };

interface Started {
  readonly ready: PeerReady;
  stop(): Promise<void>;
}

/** Logins are cheap (SCRAM with native PBKDF2) but 50 at once would burst prosody. */
const LOGIN_CONCURRENCY = 10;

async function startAgents(config: AgentsConfig): Promise<Started> {
  const agents: CpeAgent[] = [];
  const stop = async () => {
    await Promise.all(agents.map((agent) => agent.stop()));
  };
  try {
    for (let first = 0; first < config.accounts.length; first += LOGIN_CONCURRENCY) {
      const batch = config.accounts.slice(first, first + LOGIN_CONCURRENCY);
      const started = await Promise.all(
        batch.map((account) =>
          startCpeAgent({
            service: config.service,
            domain: config.domain,
            username: account.username,
            password: account.password,
            behaviour: "result",
          }),
        ),
      );
      agents.push(...started);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  // The agents record every request they get; the benchmark sends tens of thousands, so
  // drop the records as they come (a bounded buffer, not the behaviour under test).
  const trim = setInterval(() => {
    for (const agent of agents) agent.received.length = 0;
  }, 200);
  return {
    ready: { role: "agents", pid: process.pid, jids: agents.map((agent) => agent.jid) },
    stop: async () => {
      clearInterval(trim);
      await stop();
    },
  };
}

async function startDigest(config: DigestConfig): Promise<Started> {
  const server = await startDigestTestServer({
    users: { [config.username]: config.password },
    algorithm: "MD5",
  });
  const requests = server.requests as unknown[];
  const trim = setInterval(() => {
    requests.length = 0;
  }, 200);
  return {
    ready: { role: "digest", pid: process.pid, url: server.url },
    stop: async () => {
      clearInterval(trim);
      await server.close();
    },
  };
}

async function startSqs(): Promise<Started> {
  const sqs = await startLocalSqs({ port: 0 });
  return {
    ready: {
      role: "sqs",
      pid: process.pid,
      endpoint: sqs.endpoint,
      queueUrl: sqs.queueUrl,
      dlqUrl: sqs.dlqUrl,
    },
    stop: () => sqs.stop(),
  };
}

function start(role: string | undefined, config: unknown): Promise<Started> {
  switch (role) {
    case "agents":
      return startAgents(config as AgentsConfig);
    case "digest":
      return startDigest(config as DigestConfig);
    case "sqs":
      return startSqs();
    default:
      throw new TypeError(`BENCH_PEER_ROLE must be agents, digest or sqs, not ${String(role)}`);
  }
}

async function main(): Promise<void> {
  const started = await start(
    process.env.BENCH_PEER_ROLE,
    JSON.parse(process.env.BENCH_PEER_CONFIG ?? "{}"),
  );
  process.stdout.write(`${JSON.stringify(started.ready)}\n`);
  process.once("SIGTERM", () => {
    void started.stop().finally(() => process.exit(0));
  });
}

await main();
