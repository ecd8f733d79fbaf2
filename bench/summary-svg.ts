import { formatDurationMs, formatRate } from "./summary-format.ts";
import type { SummaryGroup, ThroughputUnit } from "./summary-series.ts";
import { type ChartGroup, type ChartPanel, renderBarChartSvg } from "./svg-chart.ts";

/**
 * bench/results/summary.svg: latency percentiles of every series in one panel, throughput of
 * the series that have one (sessions/s, CRs/s, devices/s) in another.
 */
export function renderSummarySvg(groups: readonly SummaryGroup[], machine: string): string {
  return renderBarChartSvg({
    title: "Benchmark summary",
    subtitle: machine,
    panels: [latencyPanel(groups), throughputPanel(groups)],
  });
}

const percentileColors = [
  { key: "p50", color: "#4e79a7" },
  { key: "p90", color: "#f28e2b" },
  { key: "p99", color: "#e15759" },
] as const;

function latencyPanel(groups: readonly SummaryGroup[]): ChartPanel {
  const chartGroups = groups.map(
    (group): ChartGroup => ({
      title: `${group.title} (latency ${group.latencyOf})`,
      rows: group.series.map((series) => ({
        label: series.name,
        // A percentile an older run did not save is left out rather than drawn as zero.
        bars: percentileColors.flatMap(({ key }) => {
          const ms = series.latencyMs[key];
          return ms === undefined
            ? []
            : [{ key, value: ms, text: `${key} ${formatDurationMs(ms)}` }];
        }),
      })),
    }),
  );
  return {
    title: "Latency percentiles",
    axisLabel: "latency (log scale)",
    formatTick: formatDurationMs,
    legend: percentileColors,
    groups: chartGroups.filter((group) => group.rows.some((row) => row.bars.length > 0)),
  };
}

const throughputColors = [
  { key: "sessions/s", color: "#59a14f" },
  { key: "CRs/s", color: "#76b7b2" },
  { key: "devices/s", color: "#edc948" },
] as const satisfies readonly { key: ThroughputUnit; color: string }[];

function throughputPanel(groups: readonly SummaryGroup[]): ChartPanel {
  const chartGroups = groups.map(
    (group): ChartGroup => ({
      title: group.title,
      rows: group.series.flatMap((series) => {
        const { throughput } = series;
        if (throughput === undefined) return [];
        const bar = {
          key: throughput.unit,
          value: throughput.perSecond,
          text: `${formatRate(throughput.perSecond)} ${throughput.unit}`,
        };
        return [{ label: series.name, bars: [bar] }];
      }),
    }),
  );
  return {
    title: "Throughput",
    axisLabel: "per second (log scale)",
    formatTick: (value) => formatRate(value),
    legend: throughputColors,
    groups: chartGroups.filter((group) => group.rows.length > 0),
  };
}
