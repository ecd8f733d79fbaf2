/** Number formats shared by the summary table and chart: three significant digits, a unit. */

const threeDigits = (value: number) => String(Number(value.toPrecision(3)));

/** 0.031 -> "31 µs", 186.12 -> "186 ms", 1059.28 -> "1.06 s"; "–" for a missing figure. */
export function formatDurationMs(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return "–";
  if (ms < 1) return `${threeDigits(ms * 1000)} µs`;
  if (ms < 1000) return `${threeDigits(ms)} ms`;
  return `${threeDigits(ms / 1000)} s`;
}

/** 131.4 -> "131", 60 -> "60", 4019 -> "4019": rates keep their integer digits. */
export function formatRate(perSecond: number): string {
  return perSecond >= 100 ? String(Math.round(perSecond)) : threeDigits(perSecond);
}
