import type {
  BenchResults,
  ChaosResults,
  CodecResults,
  ProvisioningResults,
  SenderResults,
  SessionsResults,
} from "./bench-results.ts";
import { formatDurationMs } from "./summary-format.ts";
import { rolloutGroup } from "./summary-rollout.ts";

/** p50 / p90 / p99 of one series, ms; a percentile an older run did not save is absent. */
export interface LatencyPercentiles {
  readonly p50?: number;
  readonly p90?: number;
  readonly p99?: number;
}

export type ThroughputUnit = "sessions/s" | "CRs/s" | "devices/s";

/** One line of the summary: a measured path with its headline figures. */
export interface SummarySeries {
  readonly name: string;
  /** How much was measured, e.g. "2000 (50 at once)". */
  readonly samples: string;
  readonly latencyMs: LatencyPercentiles;
  readonly throughput?: { readonly perSecond: number; readonly unit: ThroughputUnit };
  readonly failed?: number;
  readonly note?: string;
}

/** One benchmark's series, from one results file. */
export interface SummaryGroup {
  readonly title: string;
  /** What its latency measures, for the chart's group header. */
  readonly latencyOf: string;
  readonly file: string;
  readonly at: string;
  readonly machine: string;
  readonly series: readonly SummarySeries[];
}

/** Groups in `npm run bench` order, for the benchmarks that have results. */
export function summaryGroups(results: BenchResults): SummaryGroup[] {
  return [
    results.codec && codecGroup(results.codec),
    results.sessions && sessionsGroup(results.sessions),
    results.sender && senderGroup(results.sender),
    results.provisioning && provisioningGroup(results.provisioning),
    results.chaos && chaosGroup(results.chaos),
    results.rollout && rolloutGroup(results.rollout),
  ].filter((group) => group !== undefined);
}

// JSON writes NaN (a percentile of no samples) as null; the summary shows it as missing.
const present = (value: number | null | undefined) => value ?? undefined;
const usToMs = (value: number | null | undefined) =>
  value === null || value === undefined ? undefined : value / 1000;

function codecGroup(file: CodecResults): SummaryGroup {
  const samples = file.iterations === undefined ? "–" : `${file.iterations} runs`;
  const series = file.codec.flatMap((row): SummarySeries[] => [
    {
      name: `decode: ${row.message}`,
      samples,
      latencyMs: {
        p50: usToMs(row.decodeMedianUs),
        p90: usToMs(row.decodeP90Us),
        p99: usToMs(row.decodeP99Us),
      },
      note: `${row.bytes} bytes; ${row.decodeToBareRatio.toFixed(2)} × bare fast-xml-parser`,
    },
    {
      name: `encode: ${row.message}`,
      samples,
      latencyMs: {
        p50: usToMs(row.encodeMedianUs),
        p90: usToMs(row.encodeP90Us),
        p99: usToMs(row.encodeP99Us),
      },
      note: `${row.bytes} bytes`,
    },
  ]);
  return { ...fileInfo("CWMP codec", "codec.json", file), latencyOf: "per message", series };
}

function sessionsGroup(file: SessionsResults): SummaryGroup {
  const series = file.sessions.map(
    (row): SummarySeries => ({
      name: row.scenario,
      samples: `${row.sessions} (${row.concurrency} at once)`,
      latencyMs: {
        p50: present(row.sessionP50Ms),
        p90: present(row.sessionP90Ms),
        p99: present(row.sessionP99Ms),
      },
      throughput: { perSecond: row.sessionsPerSecond, unit: "sessions/s" },
      failed: row.failedSessions,
      note: `${row.exchangesPerSession} exchanges/session; exchange p50 / p90 / p99 ${[
        row.exchangeP50Ms,
        row.exchangeP90Ms,
        row.exchangeP99Ms,
      ]
        .map((ms) => formatDurationMs(present(ms)))
        .join(" / ")}`,
    }),
  );
  return { ...fileInfo("CWMP sessions", "sessions.json", file), latencyOf: "per session", series };
}

function senderGroup(file: SenderResults): SummaryGroup {
  const series = file.rows.map(
    (row): SummarySeries => ({
      name: row.path,
      samples: `${row.perRound} × ${row.rounds} (${row.concurrency} at once)`,
      latencyMs: { p50: present(row.p50Ms), p90: present(row.p90Ms), p99: present(row.p99Ms) },
      throughput: { perSecond: row.perSecond, unit: "CRs/s" },
      failed: row.failures,
      ...(row.ratioToRaw !== undefined && {
        note: `${row.ratioToRaw.toFixed(2)} × the raw / bare reference rate`,
      }),
    }),
  );
  return {
    ...fileInfo("Connection-request sender", "sender.json", file),
    latencyOf: "per connection request",
    series,
  };
}

function provisioningGroup(file: ProvisioningResults): SummaryGroup {
  const run = file.provisioning;
  const cr = run.connectionRequests;
  const figure = (value: number | null | undefined) =>
    value === null || value === undefined ? "–" : String(value);
  const retry =
    run.xmppRetryInitialMs === undefined ? "" : `; CPE XMPP retry ${run.xmppRetryInitialMs} ms`;
  const series: SummarySeries[] = [
    {
      name: "boot → XMPP connection requests ready",
      samples: `${run.devices} (${run.concurrency} at once)`,
      latencyMs: {
        p50: present(run.readyP50Ms),
        p90: present(run.readyP90Ms),
        p99: present(run.readyP99Ms),
      },
      throughput: { perSecond: run.devicesPerSecond, unit: "devices/s" },
      failed: run.failed,
      note:
        `${figure(run.provisioningSessionExchanges)} exchanges in the provisioning session; ` +
        `${figure(run.sessionsUntilReady)} sessions until ready; ` +
        `${figure(run.dynamoRequestsPerDevice)} DynamoDB requests/device (medians)${retry}`,
    },
    {
      name: `connection request over XMPP via the API (wait=${cr.waitSeconds})`,
      samples: `${cr.requests} (${cr.concurrency} at once)`,
      latencyMs: { p50: present(cr.p50Ms), p90: present(cr.p90Ms), p99: present(cr.p99Ms) },
      throughput: { perSecond: cr.perSecond, unit: "CRs/s" },
      failed: cr.failed,
      note: `method xmpp for ${cr.methods.xmpp ?? 0} of ${cr.requests}; sender IQ p50 ${formatDurationMs(
        present(cr.senderP50Ms),
      )}`,
    },
  ];
  return {
    ...fileInfo("XMPP provisioning", "provisioning.json", file),
    latencyOf: "per device, boot to ready, or per connection request",
    series,
  };
}

function chaosGroup(file: ChaosResults): SummaryGroup {
  const run = file.chaos;
  const figure = (value: number | null | undefined) =>
    value === null || value === undefined ? "–" : String(value);
  const statuses = Object.entries(run.byStatus)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([status, count]) => `${count} ${status}`)
    .join(", ");
  const series: SummarySeries = {
    name: "task queued → terminal, misbehaving CPEs among them",
    samples: `${run.tasks} tasks, ${run.devices} CPEs (${run.misbehaving} misbehaving)`,
    latencyMs: {
      p50: present(run.timeToTerminalP50Ms),
      p90: present(run.timeToTerminalP90Ms),
      p99: present(run.timeToTerminalP99Ms),
    },
    failed: run.unfinished,
    note:
      `sessions until every task of a CPE ended: max ${figure(run.sessionsUntilDoneMax)}, ` +
      `p99 ${figure(run.sessionsUntilDoneP99)}; ${statuses} (${run.faultedByDesign} faulted by ` +
      `design); ${run.busyResponses} × 503 (longest refusal ${formatDurationMs(
        present(run.longestRefusalMs),
      )}); ${run.repeatedRpcs} repeated RPCs; ${run.lostValues} lost values; periodic ` +
      `${run.periodicIntervalSec} s, idle timeout ${run.idleTimeoutSec} s` +
      (run.loadAverage === undefined
        ? ""
        : `; load average ${run.loadAverage.map((load) => load.toFixed(1)).join(" → ")}`),
  };
  return {
    ...fileInfo("Chaos fleet", "chaos.json", file),
    latencyOf: "per task, queued to terminal",
    series: [series],
  };
}

const fileInfo = (title: string, file: string, run: { at: string; machine: string }) => ({
  title,
  file,
  at: run.at,
  machine: run.machine,
});
