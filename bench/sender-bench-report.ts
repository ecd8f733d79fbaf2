import { percentile } from "./bench-stats.ts";
import type { WindowResult } from "./run-window.ts";

/** One line of the sender benchmark table. */
export interface SenderBenchRow {
  readonly path: string;
  /** Operations attempted per measured round. */
  readonly perRound: number;
  readonly rounds: number;
  readonly concurrency: number;
  /** Operations that did not end as expected (over all rounds). */
  readonly failures: number;
  readonly firstFailure?: string;
  /** Median over the rounds. */
  readonly perSecond: number;
  /** Over every successful operation of every round. */
  readonly p50Ms: number;
  readonly p90Ms: number;
  readonly p99Ms: number;
  /** CPU time of the bench process (the sender or the raw client) per operation. */
  readonly cpuUsPerOp: number;
  /** CPU time of the far side's process (CPE agents, digest listener) per operation. */
  readonly peerCpuUsPerOp?: number;
  /** CPU time of prosody per operation (XMPP paths). */
  readonly serverCpuUsPerOp?: number;
  /** Log + EMF lines the sender serialised per operation. */
  readonly linesPerOp?: number;
  /** perSecond / the raw @xmpp/client IQ rate of the same run (goal for XMPP: >= 0.8). */
  readonly ratioToRaw?: number;
}

/** What a path measured in one round, whatever the path. */
export interface RoundResult {
  readonly attempted: number;
  readonly ok: number;
  readonly firstFailure?: string;
  readonly elapsedMs: number;
  readonly latenciesMs: readonly number[];
  readonly cpuUs: number;
  readonly peerCpuMs?: number;
  readonly serverCpuMs?: number;
  readonly lines?: number;
}

export function fromWindow(
  result: WindowResult,
  extra: { peerCpuMs?: number; serverCpuMs?: number; lines?: number; okOverride?: number } = {},
): RoundResult {
  const ok = extra.okOverride ?? result.started - result.failures;
  return {
    attempted: result.started,
    ok,
    ...(result.firstFailure !== undefined && { firstFailure: result.firstFailure }),
    elapsedMs: result.elapsedMs,
    latenciesMs: result.latenciesMs,
    cpuUs: result.cpuUs,
    ...(extra.peerCpuMs !== undefined && { peerCpuMs: extra.peerCpuMs }),
    ...(extra.serverCpuMs !== undefined && { serverCpuMs: extra.serverCpuMs }),
    ...(extra.lines !== undefined && { lines: extra.lines }),
  };
}

const round = (value: number, digits: number) => Number(value.toFixed(digits));

export function summarise(
  path: string,
  concurrency: number,
  rounds: readonly RoundResult[],
): SenderBenchRow {
  const attempted = rounds.reduce((sum, r) => sum + r.attempted, 0);
  const ok = rounds.reduce((sum, r) => sum + r.ok, 0);
  const rates = rounds.map((r) => r.ok / (r.elapsedMs / 1000));
  const latencies = rounds.flatMap((r) => r.latenciesMs);
  const perOp = (total: number) => round(total / Math.max(1, attempted), 1);
  const cpuOf = (pick: (r: RoundResult) => number | undefined) =>
    rounds.every((r) => pick(r) !== undefined)
      ? perOp(rounds.reduce((sum, r) => sum + (pick(r) ?? 0) * 1000, 0))
      : undefined;
  const peer = cpuOf((r) => r.peerCpuMs);
  const server = cpuOf((r) => r.serverCpuMs);
  const lines = rounds.every((r) => r.lines !== undefined)
    ? round(rounds.reduce((sum, r) => sum + (r.lines ?? 0), 0) / Math.max(1, attempted), 2)
    : undefined;
  const firstFailure = rounds.find((r) => r.firstFailure !== undefined)?.firstFailure;
  return {
    path,
    perRound: Math.round(attempted / Math.max(1, rounds.length)),
    rounds: rounds.length,
    concurrency,
    failures: attempted - ok,
    ...(firstFailure !== undefined && { firstFailure }),
    perSecond: round(percentile(rates, 50), 0),
    p50Ms: round(percentile(latencies, 50), 2),
    p90Ms: round(percentile(latencies, 90), 2),
    p99Ms: round(percentile(latencies, 99), 2),
    cpuUsPerOp: perOp(rounds.reduce((sum, r) => sum + r.cpuUs, 0)),
    ...(peer !== undefined && { peerCpuUsPerOp: peer }),
    ...(server !== undefined && { serverCpuUsPerOp: server }),
    ...(lines !== undefined && { linesPerOp: lines }),
  };
}

export function withRatio(row: SenderBenchRow, raw: SenderBenchRow): SenderBenchRow {
  return { ...row, ratioToRaw: round(row.perSecond / raw.perSecond, 2) };
}

export function formatSenderTable(rows: readonly SenderBenchRow[]): string {
  const header = [
    "| path | ops/round × rounds | window | failures | ops/s | p50 (ms) | p99 (ms) | bench CPU µs/op | peer CPU µs/op | prosody CPU µs/op | / raw |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
  ];
  const cell = (value: number | undefined, digits = 0) =>
    value === undefined ? "–" : value.toFixed(digits);
  const body = rows.map(
    (row) =>
      `| ${row.path} | ${row.perRound} × ${row.rounds} | ${row.concurrency} | ${row.failures} | ${cell(row.perSecond)} | ${cell(row.p50Ms, 2)} | ${cell(row.p99Ms, 2)} | ${cell(row.cpuUsPerOp)} | ${cell(row.peerCpuUsPerOp)} | ${cell(row.serverCpuUsPerOp)} | ${cell(row.ratioToRaw, 2)} |`,
  );
  return [...header, ...body].join("\n");
}
