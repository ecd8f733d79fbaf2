import { escapeXml } from "../functions/core/xml/escape-xml.ts";

/**
 * A small, dependency-free SVG chart: panels of horizontal bars on a log scale (benchmark
 * figures span decades: a 31 µs encode and a 1 s session sit on one axis), rows grouped under
 * headers, every bar labelled with its value so the picture reads without hovering.
 */
export interface ChartBar {
  /** Legend key; picks the colour. */
  readonly key: string;
  readonly value: number;
  /** Printed after the bar, e.g. "p50 361 ms". */
  readonly text: string;
}

export interface ChartRow {
  readonly label: string;
  readonly bars: readonly ChartBar[];
}

export interface ChartGroup {
  readonly title: string;
  readonly rows: readonly ChartRow[];
}

export interface ChartPanel {
  readonly title: string;
  /** Under the axis, with the unit, e.g. "latency (log scale)". */
  readonly axisLabel: string;
  readonly formatTick: (value: number) => string;
  readonly legend: readonly { readonly key: string; readonly color: string }[];
  readonly groups: readonly ChartGroup[];
}

export interface BarChart {
  readonly title: string;
  readonly subtitle: string;
  readonly panels: readonly ChartPanel[];
  /** @default 1000 */
  readonly width?: number;
}

const MARGIN = 20;
const BAR = 8;
const BAR_GAP = 2;
const ROW_GAP = 7;
const VALUE_ROOM = 70;
const FONT = "system-ui, -apple-system, 'Segoe UI', sans-serif";

interface Frame {
  readonly width: number;
  /** Left edge of the bars (right edge of the row labels). */
  readonly plotX: number;
  readonly plotWidth: number;
}

export function renderBarChartSvg(chart: BarChart): string {
  const width = chart.width ?? 1000;
  const plotX = MARGIN + labelWidth(chart.panels);
  const frame: Frame = { width, plotX, plotWidth: width - plotX - MARGIN - VALUE_ROOM };
  const parts = [
    text(MARGIN, 30, chart.title, { "font-size": 18, "font-weight": "bold" }),
    text(MARGIN, 50, chart.subtitle, { "font-size": 11, fill: "#555" }),
  ];
  let y = 72;
  for (const panel of chart.panels) {
    const rendered = renderPanel(panel, y, frame);
    parts.push(rendered.svg);
    y = rendered.bottom + 24;
  }
  const height = y - 24 + MARGIN;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${FONT}">`,
    `<title>${escapeXml(chart.title)}</title>`,
    `<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`,
    ...parts,
    "</svg>",
    "",
  ].join("\n");
}

/** Room for the longest row label (about 6 px per character at 11 px), within bounds. */
function labelWidth(panels: readonly ChartPanel[]): number {
  const labels = panels.flatMap((p) => p.groups.flatMap((g) => g.rows.map((r) => r.label)));
  const longest = Math.max(0, ...labels.map((label) => label.length));
  return Math.min(440, Math.max(120, longest * 6.2 + 16));
}

function renderPanel(
  panel: ChartPanel,
  top: number,
  frame: Frame,
): { svg: string; bottom: number } {
  const header = [
    text(MARGIN, top + 14, panel.title, { "font-size": 14, "font-weight": "bold" }),
    renderLegend(panel.legend, top + 14, frame),
  ];
  const values = panel.groups.flatMap((g) => g.rows.flatMap((r) => r.bars.map((b) => b.value)));
  const scale = logScale(values.filter(isPlottable), frame);
  if (scale === undefined) {
    const empty = text(frame.plotX, top + 44, "no results yet", { "font-size": 11, fill: "#555" });
    return { svg: [...header, empty].join("\n"), bottom: top + 56 };
  }
  const colors = new Map(panel.legend.map((entry) => [entry.key, entry.color]));
  const rows: string[] = [];
  let y = top + 30;
  for (const group of panel.groups) {
    rows.push(text(MARGIN, y + 12, group.title, { "font-size": 11, "font-weight": "bold" }));
    y += 18;
    for (const row of group.rows) {
      rows.push(renderRow(row, y, frame, scale.x, colors));
      y += row.bars.length * (BAR + BAR_GAP) - BAR_GAP + ROW_GAP;
    }
  }
  const axis = renderAxis(panel, scale, { top: top + 26, bottom: y }, frame);
  // The grid goes first so the bars are drawn over it.
  return { svg: [...header, axis, ...rows].join("\n"), bottom: y + 40 };
}

function renderRow(
  row: ChartRow,
  top: number,
  frame: Frame,
  x: (value: number) => number,
  colors: ReadonlyMap<string, string>,
): string {
  const height = row.bars.length * (BAR + BAR_GAP) - BAR_GAP;
  const parts = [
    text(frame.plotX - 8, top + height / 2 + 4, row.label, {
      "font-size": 11,
      "text-anchor": "end",
    }),
  ];
  row.bars.forEach((bar, i) => {
    const barTop = top + i * (BAR + BAR_GAP);
    const end = isPlottable(bar.value) ? x(bar.value) : frame.plotX;
    const fill = colors.get(bar.key) ?? "#888888";
    parts.push(
      `<rect x="${frame.plotX}" y="${barTop}" width="${round(end - frame.plotX)}" height="${BAR}" fill="${fill}"/>`,
      text(end + 4, barTop + BAR - 1, bar.text, { "font-size": 9, fill: "#333" }),
    );
  });
  return parts.join("\n");
}

function renderLegend(legend: ChartPanel["legend"], baseline: number, frame: Frame): string {
  let x = frame.width - MARGIN - legend.length * 90;
  const parts: string[] = [];
  for (const entry of legend) {
    parts.push(
      `<rect x="${x}" y="${baseline - 9}" width="10" height="10" fill="${entry.color}"/>`,
      text(x + 14, baseline, entry.key, { "font-size": 11 }),
    );
    x += 90;
  }
  return parts.join("\n");
}

interface LogScale {
  readonly x: (value: number) => number;
  readonly ticks: readonly number[];
}

function renderAxis(
  panel: ChartPanel,
  scale: LogScale,
  span: { top: number; bottom: number },
  frame: Frame,
): string {
  const parts = scale.ticks.map((tick) => {
    const x = round(scale.x(tick));
    return [
      `<line x1="${x}" y1="${span.top}" x2="${x}" y2="${span.bottom}" stroke="#dddddd" stroke-width="1"/>`,
      text(x, span.bottom + 14, panel.formatTick(tick), {
        "font-size": 10,
        "text-anchor": "middle",
        fill: "#555",
      }),
    ].join("\n");
  });
  const middle = frame.plotX + frame.plotWidth / 2;
  parts.push(
    `<line x1="${frame.plotX}" y1="${span.top}" x2="${frame.plotX}" y2="${span.bottom}" stroke="#999999" stroke-width="1"/>`,
    text(middle, span.bottom + 30, panel.axisLabel, { "font-size": 11, "text-anchor": "middle" }),
  );
  return parts.join("\n");
}

/** Decades around the values; 2 and 5 in between when there are only a couple of decades. */
function logScale(values: readonly number[], frame: Frame): LogScale | undefined {
  if (values.length === 0) return undefined;
  const low = Math.floor(Math.log10(Math.min(...values)));
  const high = Math.max(low + 1, Math.ceil(Math.log10(Math.max(...values))));
  const ticks: number[] = [];
  for (let decade = low; decade <= high; decade += 1) {
    const base = 10 ** decade;
    ticks.push(base);
    if (high - low <= 2 && decade < high) ticks.push(2 * base, 5 * base);
  }
  const x = (value: number) =>
    frame.plotX + ((Math.log10(value) - low) / (high - low)) * frame.plotWidth;
  return { x, ticks };
}

const isPlottable = (value: number) => Number.isFinite(value) && value > 0;
const round = (value: number) => Math.round(value * 10) / 10;

function text(x: number, y: number, content: string, attributes: Record<string, string | number>) {
  const attrs = Object.entries(attributes)
    .map(([name, value]) => ` ${name}="${escapeXml(String(value))}"`)
    .join("");
  return `<text x="${round(x)}" y="${round(y)}"${attrs}>${escapeXml(content)}</text>`;
}
