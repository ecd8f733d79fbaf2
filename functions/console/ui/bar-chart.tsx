/** One bar: a label and its count. */
export interface Bar {
  readonly value: string;
  readonly count: number;
}

const barHeight = 22;
const labelWidth = 160;
const chartWidth = 560;

/**
 * A horizontal bar chart in inline SVG, accessible twice over: the SVG is one image whose
 * label lists every bar (role="img", aria-label), and the same numbers follow as a table,
 * readable without the picture.
 */
export function BarChart(props: { readonly title: string; readonly bars: readonly Bar[] }) {
  const { title, bars } = props;
  const max = Math.max(1, ...bars.map((bar) => bar.count));
  const label = `${title}: ${bars.map((bar) => `${bar.value} ${bar.count}`).join(", ") || "none"}`;
  const barsWidth = chartWidth - labelWidth - 60;
  return (
    <figure class="bar-chart">
      <svg
        role="img"
        aria-label={label}
        viewBox={`0 0 ${chartWidth} ${Math.max(1, bars.length) * barHeight}`}
        width="100%"
        preserveAspectRatio="xMinYMin meet"
      >
        {bars.map((bar, index) => {
          const y = index * barHeight;
          const width = Math.max(1, (bar.count / max) * barsWidth);
          return (
            <g key={bar.value}>
              <text x={labelWidth - 6} y={y + 15} text-anchor="end">
                {bar.value.length > 22 ? `${bar.value.slice(0, 21)}…` : bar.value}
              </text>
              <rect x={labelWidth} y={y + 3} width={width} height={barHeight - 6} />
              <text x={labelWidth + width + 6} y={y + 15}>
                {bar.count}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption>
        <table>
          <caption>{title}</caption>
          <thead>
            <tr>
              <th scope="col">Value</th>
              <th scope="col">Devices</th>
            </tr>
          </thead>
          <tbody>
            {bars.map((bar) => (
              <tr key={bar.value}>
                <th scope="row">{bar.value}</th>
                <td>{bar.count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </figcaption>
    </figure>
  );
}

/** The `top` largest bars, the rest summed as one "other" bar (bars arrive largest first). */
export function topBars(bars: readonly Bar[], top: number): Bar[] {
  if (bars.length <= top) return [...bars];
  const rest = bars.slice(top).reduce((sum, bar) => sum + bar.count, 0);
  return [...bars.slice(0, top), { value: "other", count: rest }];
}
