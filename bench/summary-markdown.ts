import { formatDurationMs, formatRate } from "./summary-format.ts";
import type { SummaryGroup, SummarySeries } from "./summary-series.ts";

/**
 * bench/results/summary.md: one table with every benchmark's headline figures, then where each
 * figure comes from (a BENCH_ONLY run refreshes one file, so runs can differ in date).
 */
export function formatSummaryMarkdown(groups: readonly SummaryGroup[], machine: string): string {
  const lines = [
    "# Benchmark summary",
    "",
    `Machine: ${machine}`,
    "",
    "Latency percentiles are per codec call, per CWMP session, per connection request or per " +
      "provisioned device (boot to XMPP connection requests ready) or per chaos-fleet task " +
      "(queued to terminal) or per upgraded device (connection request to new firmware reported); " +
      "throughput is the rate while the bench ran. Chart: [summary.svg](summary.svg).",
    "",
    "| benchmark | series | measured | p50 | p90 | p99 | throughput | failed | note |",
    "|---|---|---:|---:|---:|---:|---:|---:|---|",
    ...groups.flatMap((group) => group.series.map((series) => tableRow(group.title, series))),
    "",
    "Sources (bench/results/):",
    "",
    ...groups.map(
      (group) => `- ${group.file}: ${group.title}, run ${group.at} on ${group.machine}`,
    ),
  ];
  if (groups.length === 0) lines.push("- none yet: run `npm run bench`");
  return `${lines.join("\n")}\n`;
}

function tableRow(benchmark: string, series: SummarySeries): string {
  const { p50, p90, p99 } = series.latencyMs;
  const throughput = series.throughput
    ? `${formatRate(series.throughput.perSecond)} ${series.throughput.unit}`
    : "–";
  const cells = [
    benchmark,
    series.name,
    series.samples,
    formatDurationMs(p50),
    formatDurationMs(p90),
    formatDurationMs(p99),
    throughput,
    series.failed === undefined ? "–" : String(series.failed),
    series.note ?? "",
  ];
  return `| ${cells.map(cell).join(" | ")} |`;
}

/** A pipe inside a cell would end it early. */
const cell = (text: string) => text.replaceAll("|", "\\|");
