import { mkdirSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { localSqsClient } from "../functions/adapters/sqs/local-sqs.ts";
import { startProsody } from "../test/support/prosody.ts";
import { findBinary } from "../test/support/xmpp-require-binary.ts";
import type { XmppTestServer } from "../test/support/xmpp-test-server.ts";
import { machineNote } from "./bench-stats.ts";
import { startAgentsProcess, startSqsProcess } from "./cr-peer-process.ts";
import { cpuMsOf, findDescendant } from "./proc-stat.ts";
import {
  lineProgressSink,
  type ProgressSink,
  stderrProgressSink,
  withProgress,
} from "./progress-ticker.ts";
import { startRawIqClient } from "./raw-iq-client.ts";
import { runWindow } from "./run-window.ts";
import {
  formatSenderTable,
  fromWindow,
  type RoundResult,
  type SenderBenchRow,
  summarise,
  withRatio,
} from "./sender-bench-report.ts";
import { type E2eResult, runE2e } from "./sender-e2e.ts";

interface E2eInfo {
  readonly outcomes: Record<string, number>;
}

import { runHttpPhase } from "./sender-http-phase.ts";
import { measureHandler } from "./sender-measure-handler.ts";
import { type SenderRig, seedDevices, startSenderRig } from "./sender-rig.ts";

/**
 * Benchmark: the connection-request sender over one XMPP stream to many simulated CPEs
 * on prosody (mod_limits raised), next to a bare @xmpp/client sending the same IQ on the same
 * server in the same run; the end-to-end path through local-aws-sqs; the HTTP fallback with
 * MD5 Digest. The CPE agents, the digest listener and local-aws-sqs run in child processes, so
 * the bench process's CPU is the sender's (or the raw client's) alone.
 */
export interface SenderBenchOptions {
  /** XMPP CPE agents (one account each). @default 50 */
  readonly cpes?: number;
  /** IQs / CRs per measured XMPP round. @default 5000 */
  readonly iqs?: number;
  /** In flight at once on the XMPP paths. @default 64 */
  readonly concurrency?: number;
  /** Measured rounds, raw and sender alternating. @default 3 */
  readonly rounds?: number;
  /** Unmeasured operations per path first (JIT warm-up). @default 1000 */
  readonly warmup?: number;
  /** Messages through local-aws-sqs with batch 10 / wait 0 and with batch 1 / wait 1. */
  readonly e2eMessages?: { readonly batch10: number; readonly batch1: number };
  /** HTTP connection requests per round, and their concurrency. @default 2000, 32 */
  readonly httpCrs?: number;
  readonly httpConcurrency?: number;
  /** No phase starts new operations after this long. @default 15000 */
  readonly phaseBudgetMs?: number;
  /** Where the table goes. @default stdout */
  readonly write?: (text: string) => void;
  /** Progress lines, and about once a second CRs delivered and CRs/s. @default stderr */
  readonly progress?: (text: string) => void;
  /** JSON results; false writes none. @default bench/results/sender.json */
  readonly resultsPath?: string | false;
}

export class SenderBenchPrerequisiteError extends Error {
  constructor(binary: string) {
    super(
      `${binary} is not installed: the sender benchmark needs Debian's prosody ` +
        "(apt-get install -y prosody); see /work/shared/LOCAL-COMPONENTS.md",
    );
    this.name = "SenderBenchPrerequisiteError";
  }
}

const ACS = { user: "acs", password: "acs-bench-pw" };
const CR = { username: "crUser", password: "crPass" };
const TIMEOUT_MS = 10_000;

export async function runSenderBench(options: SenderBenchOptions = {}): Promise<SenderBenchRow[]> {
  for (const binary of ["prosody", "prosodyctl"]) {
    if (findBinary(binary) === undefined) throw new SenderBenchPrerequisiteError(binary);
  }
  const settings = {
    cpes: options.cpes ?? 50,
    iqs: options.iqs ?? 5000,
    concurrency: options.concurrency ?? 64,
    rounds: options.rounds ?? 3,
    warmup: options.warmup ?? 1000,
    e2e: options.e2eMessages ?? { batch10: 2000, batch1: 300 },
    httpCrs: options.httpCrs ?? 2000,
    httpConcurrency: options.httpConcurrency ?? 32,
    budgetMs: options.phaseBudgetMs ?? 15_000,
  };
  const write = options.write ?? ((text: string) => process.stdout.write(text));
  const sink = options.progress ? lineProgressSink(options.progress) : stderrProgressSink();
  const progress = (text: string) => sink.line(text);
  const tracked = <T>(
    label: string,
    total: number,
    work: (tick: (ok: boolean) => void) => Promise<T>,
  ) => withProgress({ label: `sender bench: ${label}`, total, unit: "CRs", sink }, work);
  const load1Before = loadavg()[0] ?? Number.NaN;
  const cleanups: Array<() => Promise<void>> = [];
  try {
    progress("sender bench: starting prosody and the CPE agents");
    const prosody = await startProsody({ accounts: [ACS] });
    cleanups.push(() => prosody.stop());
    const prosodyPid = findDescendant(process.pid, (comm) => /lua|prosody/.test(comm));
    const serverCpu = () => (prosodyPid === undefined ? Number.NaN : cpuMsOf(prosodyPid));
    const accounts = await registerCpes(prosody, settings.cpes);
    const agents = await startAgentsProcess({
      service: prosody.service,
      domain: prosody.domain,
      accounts,
    });
    cleanups.push(() => agents.stop());
    const jids = agents.ready.jids;
    const raw = await startRawIqClient({
      service: prosody.service,
      domain: prosody.domain,
      username: ACS.user,
      password: ACS.password,
      resource: "raw-bench",
      crUsername: CR.username,
      crPassword: CR.password,
    });
    cleanups.push(() => raw.stop());
    const rig = await startSenderRig({
      xmppService: prosody.service,
      domain: prosody.domain,
      acsUser: ACS.user,
      acsPassword: ACS.password,
      crUsername: CR.username,
      crPassword: CR.password,
      xmppTimeoutMs: TIMEOUT_MS,
      httpTimeoutMs: TIMEOUT_MS,
    });
    cleanups.push(() => rig.stop());
    const xmppIds = Array.from({ length: settings.iqs }, (_, i) => `X-${i}`);
    seedDevices(
      rig.table,
      xmppIds.map((id, i) => ({ id, connReqJabberId: jids[i % jids.length] as string })),
    );

    const deadline = () => performance.now() + settings.budgetMs;
    const rawRound = async (count: number, round: string): Promise<RoundResult> => {
      const peerBefore = agents.cpuMs();
      const serverBefore = serverCpu();
      const result = await tracked(`XMPP ${round}, raw @xmpp/client`, count, (onDone) =>
        runWindow({
          count,
          concurrency: settings.concurrency,
          deadline: deadline(),
          operation: (i) => raw.connectionRequest(jids[i % jids.length] as string, TIMEOUT_MS),
          onDone,
        }),
      );
      return fromWindow(result, {
        peerCpuMs: agents.cpuMs() - peerBefore,
        serverCpuMs: serverCpu() - serverBefore,
      });
    };
    const senderRound = (count: number, round: string) =>
      tracked(`XMPP ${round}, sender handler`, count, (onDone) =>
        measureHandler({
          rig,
          deviceIds: xmppIds.slice(0, count),
          concurrency: settings.concurrency,
          expected: "xmpp:delivered",
          deadline: deadline(),
          cpu: { peer: () => agents.cpuMs(), server: serverCpu },
          onDone,
        }),
      );

    await rawRound(settings.warmup, "warm-up");
    await senderRound(settings.warmup, "warm-up");
    const rawRounds: RoundResult[] = [];
    const senderRounds: RoundResult[] = [];
    for (let r = 0; r < settings.rounds; r += 1) {
      const round = `round ${r + 1}/${settings.rounds}`;
      // Alternate which path goes first, so drift (thermal, other load) hits both alike.
      if (r % 2 === 0) rawRounds.push(await rawRound(settings.iqs, round));
      senderRounds.push(await senderRound(settings.iqs, round));
      if (r % 2 === 1) rawRounds.push(await rawRound(settings.iqs, round));
    }
    const rawRow = summarise(
      "raw @xmpp/client: connectionRequest IQ round trip",
      settings.concurrency,
      rawRounds,
    );
    const handlerRow = withRatio(
      summarise(
        "sender handler, XMPP (message -> outcome recorded)",
        settings.concurrency,
        senderRounds,
      ),
      rawRow,
    );

    progress("sender bench: end to end through local-aws-sqs");
    const e2e = await runE2ePhases(rig, xmppIds, { ...settings, sink }, cleanups, {
      peer: () => agents.cpuMs(),
      server: serverCpu,
    });
    const e2eRows = e2e.map(({ label, result, concurrency }) =>
      withRatio(summarise(label, concurrency, [result]), rawRow),
    );

    progress("sender bench: HTTP fallback with MD5 Digest");
    const httpRows = await runHttpPhase({
      rig,
      credentials: CR,
      crs: settings.httpCrs,
      concurrency: settings.httpConcurrency,
      rounds: settings.rounds,
      warmup: Math.min(settings.warmup, 500),
      timeoutMs: TIMEOUT_MS,
      deadline,
      cleanups,
      sink,
    });

    const rows = [rawRow, handlerRow, ...e2eRows, ...httpRows];
    const load1After = loadavg()[0] ?? Number.NaN;
    write(
      `${formatSenderTable(rows)}\n\n${settings.cpes} CPE agents; 1-minute load average ` +
        `${load1Before.toFixed(2)} before, ${load1After.toFixed(2)} after.\n`,
    );
    if (options.resultsPath !== false) {
      const path =
        options.resultsPath ?? fileURLToPath(new URL("./results/sender.json", import.meta.url));
      mkdirSync(dirname(path), { recursive: true });
      const machine = await machineNote();
      const document = {
        machine,
        at: new Date().toISOString(),
        settings,
        load1: { before: load1Before, after: load1After },
        e2eOutcomes: e2e.map(({ label, result }) => ({ label, outcomes: result.outcomes })),
        rows,
      };
      writeFileSync(path, `${JSON.stringify(document, null, 2)}\n`);
    }
    return rows;
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
  }
}

/** cpe-0 … cpe-(n-1), registered a few at a time (each is a prosodyctl process). */
async function registerCpes(prosody: XmppTestServer, count: number) {
  const accounts = Array.from({ length: count }, (_, i) => ({
    username: `cpe-${i}`,
    password: `cpe-${i}-pw`,
  }));
  for (let first = 0; first < accounts.length; first += 8) {
    const batch = accounts.slice(first, first + 8);
    await Promise.all(batch.map((account) => prosody.register(account.username, account.password)));
  }
  return accounts;
}

async function runE2ePhases(
  rig: SenderRig,
  deviceIds: readonly string[],
  settings: {
    concurrency: number;
    e2e: { batch10: number; batch1: number };
    budgetMs: number;
    sink: ProgressSink;
  },
  cleanups: Array<() => Promise<void>>,
  cpu: { readonly peer: () => number; readonly server: () => number },
): Promise<Array<{ label: string; concurrency: number; result: RoundResult & E2eInfo }>> {
  const sqs = await startSqsProcess();
  cleanups.push(() => sqs.stop());
  const client = localSqsClient(sqs.ready.endpoint);
  cleanups.push(async () => client.destroy());
  const run = async (count: number, receiveBatchSize: number, waitTimeSeconds: number) => {
    const peerBefore = cpu.peer();
    const serverBefore = cpu.server();
    const label = `sender bench: via local-aws-sqs, batch ${receiveBatchSize}, wait ${waitTimeSeconds}`;
    const progress = { label, total: count, unit: "CRs", sink: settings.sink };
    const result = await withProgress(progress, (onRecorded) =>
      runE2e({
        rig,
        client,
        queueUrl: sqs.ready.queueUrl,
        dlqUrl: sqs.ready.dlqUrl,
        deviceIds: deviceIds.slice(0, count),
        concurrency: settings.concurrency,
        receiveBatchSize,
        waitTimeSeconds,
        xmppTimeoutMs: TIMEOUT_MS,
        budgetMs: settings.budgetMs,
        onRecorded,
      }),
    );
    return {
      ...fromE2e(result),
      peerCpuMs: cpu.peer() - peerBefore,
      serverCpuMs: cpu.server() - serverBefore,
      outcomes: result.outcomes,
    };
  };
  await run(Math.min(200, settings.e2e.batch10), 10, 0); // warm-up: SDK, poller
  const batch10 = await run(settings.e2e.batch10, 10, 0);
  const batch1 = await run(settings.e2e.batch1, 1, 1);
  return [
    {
      label: "sender service via local-aws-sqs, batch 10, wait 0 (XMPP)",
      concurrency: settings.concurrency,
      result: batch10,
    },
    {
      label: "sender service via local-aws-sqs, batch 1, wait 1 (XMPP)",
      concurrency: settings.concurrency,
      result: batch1,
    },
  ];
}

function fromE2e(result: E2eResult): RoundResult {
  const ok = result.outcomes["xmpp:delivered"] ?? 0;
  const others = Object.entries(result.outcomes).filter(([key]) => key !== "xmpp:delivered");
  const missing = result.messages - result.recorded;
  const problems = [
    ...others.map(([key, n]) => `${n} × ${key}`),
    ...(missing > 0 ? [`${missing} not recorded within the budget`] : []),
  ];
  return {
    attempted: result.messages,
    ok,
    ...(problems.length > 0 && { firstFailure: problems.join(", ") }),
    elapsedMs: result.elapsedMs,
    latenciesMs: result.latenciesMs,
    cpuUs: result.cpuUs,
  };
}
