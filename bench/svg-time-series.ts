import { escapeXml } from "../functions/core/xml/escape-xml.ts";

/**
 * A small, dependency-free SVG line chart of per-second series on one linear axis (the bar
 * charts of svg-chart.ts show percentiles; a storm is a shape over time).
 */
export interface TimeSeries {
  readonly label: string;
  readonly color: string;
  /** One value per second, from second 0. */
  readonly values: readonly number[];
}

export interface TimeSeriesChart {
  readonly title: string;
  readonly subtitle: string;
  readonly yLabel: string;
  readonly series: readonly TimeSeries[];
  /** A vertical line, e.g. the second the storm drained. */
  readonly marker?: { readonly second: number; readonly label: string };
  /** @default 1000 */
  readonly width?: number;
}

const HEIGHT = 420;
const LEFT = 60;
const RIGHT = 20;
const TOP = 70;
const BOTTOM = 50;
const FONT = "system-ui, -apple-system, 'Segoe UI', sans-serif";

export function renderTimeSeriesSvg(chart: TimeSeriesChart): string {
  const width = chart.width ?? 1000;
  const seconds = Math.max(1, ...chart.series.map((series) => series.values.length - 1));
  const top = niceCeiling(Math.max(1, ...chart.series.flatMap((series) => series.values)));
  const plotWidth = width - LEFT - RIGHT;
  const plotHeight = HEIGHT - TOP - BOTTOM;
  const x = (second: number) => LEFT + (second / seconds) * plotWidth;
  const y = (value: number) => TOP + plotHeight - (value / top) * plotHeight;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${HEIGHT}" viewBox="0 0 ${width} ${HEIGHT}" font-family="${FONT}" font-size="12">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="${LEFT}" y="24" font-size="16" font-weight="600">${escapeXml(chart.title)}</text>`,
    `<text x="${LEFT}" y="42" fill="#555">${escapeXml(chart.subtitle)}</text>`,
    ...gridLines(top, y, width),
    ...timeTicks(seconds, x),
    `<text x="${LEFT + plotWidth / 2}" y="${HEIGHT - 10}" text-anchor="middle" fill="#555">seconds since the first boot</text>`,
    `<text x="14" y="${TOP + plotHeight / 2}" transform="rotate(-90 14 ${TOP + plotHeight / 2})" text-anchor="middle" fill="#555">${escapeXml(chart.yLabel)}</text>`,
  ];
  if (chart.marker !== undefined) {
    const mx = x(chart.marker.second).toFixed(1);
    parts.push(
      `<line x1="${mx}" y1="${TOP}" x2="${mx}" y2="${TOP + plotHeight}" stroke="#888" stroke-dasharray="4 3"/>`,
      `<text x="${mx}" y="${TOP - 4}" text-anchor="end" fill="#555">${escapeXml(chart.marker.label)}</text>`,
    );
  }
  chart.series.forEach((series, index) => {
    const points = series.values.map((v, s) => `${x(s).toFixed(1)},${y(v).toFixed(1)}`);
    parts.push(
      `<polyline fill="none" stroke="${series.color}" stroke-width="1.5" points="${points.join(" ")}"/>`,
      `<rect x="${LEFT + index * 160}" y="52" width="12" height="4" fill="${series.color}"/>`,
      `<text x="${LEFT + index * 160 + 18}" y="58">${escapeXml(series.label)}</text>`,
    );
  });
  parts.push("</svg>");
  return `${parts.join("\n")}\n`;
}

/** 1, 2 or 5 times a power of ten, at least `value`. */
function niceCeiling(value: number): number {
  const power = 10 ** Math.floor(Math.log10(value));
  return ([1, 2, 5, 10].find((step) => step * power >= value) ?? 10) * power;
}

function gridLines(top: number, y: (value: number) => number, width: number): string[] {
  return [0, 0.25, 0.5, 0.75, 1].map((share) => {
    const value = top * share;
    const at = y(value).toFixed(1);
    return `<line x1="${LEFT}" y1="${at}" x2="${width - RIGHT}" y2="${at}" stroke="#eee"/><text x="${LEFT - 6}" y="${at}" dy="4" text-anchor="end" fill="#555">${value}</text>`;
  });
}

function timeTicks(seconds: number, x: (second: number) => number): string[] {
  const step = niceCeiling(seconds / 10);
  const ticks: string[] = [];
  for (let second = 0; second <= seconds; second += step)
    ticks.push(
      `<text x="${x(second).toFixed(1)}" y="${HEIGHT - BOTTOM + 16}" text-anchor="middle" fill="#555">${second}</text>`,
    );
  return ticks;
}
