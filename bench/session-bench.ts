import { Agent } from "node:http";
import { loadavg } from "node:os";
import type { CapacityUnits } from "../functions/adapters/dynamodb/count-requests.ts";
import { createDynamoTaskStore } from "../functions/adapters/dynamodb/dynamo-task-store.ts";
import { createCwmpCodec } from "../functions/core/cwmp/cwmp-codec.ts";
import { deviceIdOf } from "../functions/core/model/device-id.ts";
import type { TaskRecord } from "../functions/core/model/task.ts";
import { localDynamoClients } from "../functions/local/start-dynalite.ts";
import { type AcsProcess, startAcsProcess } from "./acs-process.ts";
import { percentile } from "./bench-stats.ts";
import { type ProgressSink, startProgressTicker, stderrProgressSink } from "./progress-ticker.ts";
import {
  type BenchScenario,
  benchOui,
  benchProductClass,
  informBody,
  runRawSession,
} from "./raw-cpe-session.ts";

/**
 * Benchmark: the local ACS (its own process: dynalite + node:http +
 * the Lambda handler) under N concurrent raw CWMP sessions on loopback.
 * Scenarios run in this order on the same devices: BOOTSTRAP (registers
 * them), the first periodic Inform after it, periodic Informs with no work
 * (steady state), then one GetParameterValues task queued per device before
 * its session.
 */
export interface SessionBenchOptions {
  /** Devices, i.e. sessions per scenario. @default 2000 */
  readonly devices?: number;
  /** Sessions in flight at once (one keep-alive connection each). @default 50 */
  readonly concurrency?: number;
  /** Unmeasured devices run through every scenario first (JIT warm-up). @default 100 */
  readonly warmupDevices?: number;
  /**
   * A scenario stops starting sessions after this long (keeps `npm run bench`
   * bounded on a slow or busy machine); later scenarios use the devices that
   * completed. @default 50000
   */
  readonly scenarioBudgetMs?: number;
  /** Extra node flags for the ACS process (e.g. ["--cpu-prof"]). @default [] */
  readonly acsNodeArgs?: readonly string[];
  /** Where the markdown table goes. @default process.stdout */
  readonly write?: (text: string) => void;
  /** Live progress (sessions done, sessions/s), about once a second. @default stderr */
  readonly progress?: ProgressSink;
}

export interface SessionBenchRow {
  readonly scenario: string;
  readonly sessions: number;
  readonly concurrency: number;
  /** Sessions that did not end as expected (their exchanges still count in latency). */
  readonly failedSessions: number;
  readonly firstFailure?: string;
  readonly exchangesPerSession: number;
  readonly sessionsPerSecond: number;
  readonly exchangeP50Ms: number;
  readonly exchangeP90Ms: number;
  readonly exchangeP99Ms: number;
  readonly sessionP50Ms: number;
  readonly sessionP90Ms: number;
  readonly sessionP99Ms: number;
  /** DynamoDB requests the ACS sent, per session. */
  readonly dynamoRequestsPerSession: number;
  readonly dynamoRequestsByOperation: Readonly<Record<string, number>>;
  /**
   * Write request units (WRU) per session, as dynalite reports them with ReturnConsumedCapacity
   * (count-requests.ts): the base table only; on AWS each GSI that projects a written item adds
   * its own.
   */
  readonly writeUnitsPerSession: number;
  /** Read request units (RRU) per session, the same way. */
  readonly readUnitsPerSession: number;
  /** The units per operation, per session. */
  readonly unitsByOperation: Readonly<Record<string, CapacityUnits>>;
  /** CPU time of the ACS process (handler + dynalite) per session, ms. */
  readonly acsCpuMsPerSession: number;
  /** CPU time of this driver process per session (it shares the 2 cores), ms. */
  readonly driverCpuMsPerSession: number;
  /** VmHWM of the ACS process at the end of this scenario (a running peak), MiB. */
  readonly acsPeakRssMiB: number;
}

const scenarios: readonly { id: BenchScenario; label: string; events: string[] }[] = [
  { id: "bootstrap", label: "BOOTSTRAP (new device)", events: ["0 BOOTSTRAP", "1 BOOT"] },
  // Once per device: its close works out the profiles' quiet period (idle-at-inform.ts).
  { id: "first-periodic", label: "first periodic Inform after BOOTSTRAP", events: ["2 PERIODIC"] },
  { id: "periodic", label: "periodic Inform, no work (steady state)", events: ["2 PERIODIC"] },
  { id: "gpv", label: "periodic + one GetParameterValues", events: ["2 PERIODIC"] },
];

export async function runSessionBench(
  options: SessionBenchOptions = {},
): Promise<SessionBenchRow[]> {
  const devices = options.devices ?? 2000;
  const concurrency = options.concurrency ?? 50;
  const budgetMs = options.scenarioBudgetMs ?? 50_000;
  const write = options.write ?? ((text: string) => process.stdout.write(text));
  const run: RunSettings = {
    concurrency,
    budgetMs,
    sink: options.progress ?? stderrProgressSink(),
  };
  const acs = await startAcsProcess({ nodeArgs: options.acsNodeArgs ?? [] });
  try {
    let warmup = serials("W", options.warmupDevices ?? 100);
    for (const scenario of scenarios) {
      warmup = (await runScenario(acs, scenario, warmup, { ...run, phase: "warm-up" })).completed;
    }
    let measured = serials("B", devices);
    const rows: SessionBenchRow[] = [];
    for (const scenario of scenarios) {
      const { row, completed } = await runScenario(acs, scenario, measured, {
        ...run,
        phase: "measured",
      });
      rows.push(row);
      measured = completed;
    }
    const [load1 = Number.NaN] = loadavg();
    write(
      `${formatSessionBenchTable(rows)}\n\n1-minute load average at the end: ${load1.toFixed(2)}\n`,
    );
    return rows;
  } finally {
    await acs.stop();
  }
}

const serials = (prefix: string, count: number) =>
  Array.from({ length: count }, (_, i) => `${prefix}${String(i + 1).padStart(6, "0")}`);

interface RunSettings {
  readonly concurrency: number;
  readonly budgetMs: number;
  readonly sink: ProgressSink;
}

async function runScenario(
  acs: AcsProcess,
  scenario: (typeof scenarios)[number],
  devices: readonly string[],
  settings: RunSettings & { readonly phase: string },
): Promise<{ row: SessionBenchRow; completed: string[] }> {
  const { concurrency, budgetMs } = settings;
  const codec = createCwmpCodec();
  const url = new URL(acs.ready.cwmpUrl);
  if (scenario.id === "gpv") await queueGpvTasks(acs, devices, concurrency);
  const informs = devices.map((serial) => ({
    serial,
    inform: informBody(codec, serial, scenario.events),
  }));
  const completed: string[] = [];
  const exchangeMs: number[] = [];
  const sessionMs: number[] = [];
  let exchanges = 0;
  let failed = 0;
  let firstFailure: string | undefined;
  await acs.resetCounts();
  const acsCpuBefore = acs.cpuMs();
  const driverCpuBefore = process.cpuUsage();
  const started = performance.now();
  const stopAt = started + budgetMs;
  const ticker = startProgressTicker({
    label: `sessions (${settings.phase}), ${scenario.label}`,
    total: devices.length,
    unit: "sessions",
    sink: settings.sink,
  });
  const attempted = await inParallel(
    informs,
    concurrency,
    stopAt,
    async ({ serial, inform }, agent) => {
      const sessionStarted = performance.now();
      try {
        const used = await runRawSession({
          url,
          agent,
          codec,
          inform,
          scenario: scenario.id,
          onExchange: (ms) => exchangeMs.push(ms),
        });
        exchanges += used;
        sessionMs.push(performance.now() - sessionStarted);
        completed.push(serial);
        ticker.tick();
      } catch (error) {
        failed += 1;
        firstFailure ??= String(error);
        ticker.tick(false);
      }
    },
  );
  const elapsedMs = performance.now() - started;
  ticker.stop();
  const driverCpu = process.cpuUsage(driverCpuBefore);
  const acsCpuMs = acs.cpuMs() - acsCpuBefore;
  const counts = await acs.counts();
  const units = await acs.units();
  const perSession = (n: number) => round(n / Math.max(1, completed.length), 2);
  const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
  const row: SessionBenchRow = {
    scenario: scenario.label,
    sessions: attempted,
    concurrency,
    failedSessions: failed,
    ...(firstFailure !== undefined && { firstFailure }),
    exchangesPerSession: perSession(exchanges),
    sessionsPerSecond: round(completed.length / (elapsedMs / 1000), 1),
    exchangeP50Ms: round(percentile(exchangeMs, 50), 2),
    exchangeP90Ms: round(percentile(exchangeMs, 90), 2),
    exchangeP99Ms: round(percentile(exchangeMs, 99), 2),
    sessionP50Ms: round(percentile(sessionMs, 50), 2),
    sessionP90Ms: round(percentile(sessionMs, 90), 2),
    sessionP99Ms: round(percentile(sessionMs, 99), 2),
    dynamoRequestsPerSession: perSession(total),
    dynamoRequestsByOperation: Object.fromEntries(
      Object.entries(counts)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([operation, n]) => [operation, perSession(n)]),
    ),
    writeUnitsPerSession: perSession(sumUnits(units, "write")),
    readUnitsPerSession: perSession(sumUnits(units, "read")),
    unitsByOperation: Object.fromEntries(
      Object.entries(units)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([operation, u]) => [
          operation,
          { read: perSession(u.read), write: perSession(u.write) },
        ]),
    ),
    acsCpuMsPerSession: perSession(acsCpuMs),
    driverCpuMsPerSession: perSession((driverCpu.user + driverCpu.system) / 1000),
    acsPeakRssMiB: round(acs.peakRssKiB() / 1024, 1),
  };
  return { row, completed };
}

/**
 * Runs `work` over `items` with `concurrency` workers, each with its own
 * keep-alive connection, starting no new item after `stopAt`
 * (performance.now() time). Returns how many items were started.
 */
async function inParallel<T>(
  items: readonly T[],
  concurrency: number,
  stopAt: number,
  work: (item: T, agent: Agent) => Promise<void>,
): Promise<number> {
  let next = 0;
  const worker = async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      while (next < items.length && performance.now() < stopAt) {
        const item = items[next++] as T;
        await work(item, agent);
      }
    } finally {
      agent.destroy();
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return next;
}

/** One pending GetParameterValues task per device, written before the clock starts. */
async function queueGpvTasks(acs: AcsProcess, devices: readonly string[], concurrency: number) {
  const { client, rawClient } = localDynamoClients(acs.ready.dynamoEndpoint);
  const tasks = createDynamoTaskStore({ client, tableName: acs.ready.tableName });
  const now = Date.now();
  try {
    await inParallel(devices, concurrency, Number.POSITIVE_INFINITY, async (serialNumber) => {
      const task: TaskRecord = {
        id: `bench-${serialNumber}-${now}`,
        deviceId: deviceIdOf({ oui: benchOui, productClass: benchProductClass, serialNumber }),
        spec: { name: "getParameterValues", parameterNames: ["Device.DeviceInfo.UpTime"] },
        status: "pending",
        createdAt: now,
        updatedAt: now,
        expiresAt: now + 3_600_000,
        attempts: 0,
        maxAttempts: 1,
      };
      await tasks.createTask(task);
    });
  } finally {
    rawClient.destroy();
  }
}

const round = (n: number, digits: number) => Number(n.toFixed(digits));

const sumUnits = (units: Readonly<Record<string, CapacityUnits>>, kind: keyof CapacityUnits) =>
  Object.values(units).reduce((sum, u) => sum + u[kind], 0);

/** The rows as a markdown table (BENCHMARKS.md style). */
export function formatSessionBenchTable(rows: readonly SessionBenchRow[]): string {
  const lines = [
    "| scenario | sessions (concurrency) | sessions/s | exchanges/session | exchange p50 / p99 (ms) | session p50 / p99 (ms) | DynamoDB requests/session | WRU / RRU per session | CPU ms/session ACS / driver | ACS peak RSS (MiB) | failed |",
    "|---|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|",
  ];
  for (const r of rows) {
    const ops = Object.entries(r.dynamoRequestsByOperation)
      .map(([operation, n]) => `${operation} ${n}`)
      .join(", ");
    lines.push(
      `| ${r.scenario} | ${r.sessions} (${r.concurrency}) | ${r.sessionsPerSecond} | ${r.exchangesPerSession} | ${r.exchangeP50Ms} / ${r.exchangeP99Ms} | ${r.sessionP50Ms} / ${r.sessionP99Ms} | ${r.dynamoRequestsPerSession} (${ops}) | ${r.writeUnitsPerSession} / ${r.readUnitsPerSession} | ${r.acsCpuMsPerSession} / ${r.driverCpuMsPerSession} | ${r.acsPeakRssMiB} | ${r.failedSessions} |`,
    );
  }
  return lines.join("\n");
}
