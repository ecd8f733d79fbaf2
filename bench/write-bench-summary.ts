import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { readBenchResults } from "./bench-results.ts";
import { formatSummaryMarkdown } from "./summary-markdown.ts";
import { summaryGroups } from "./summary-series.ts";
import { renderSummarySvg } from "./summary-svg.ts";

/**
 * Writes summary.md and summary.svg into `dir` from the results files there, so a BENCH_ONLY
 * run refreshes its own part and keeps the other benchmarks' figures from their last run.
 */
export function writeBenchSummary(dir: string, machine: string): { markdown: string; svg: string } {
  const groups = summaryGroups(readBenchResults(dir));
  const paths = { markdown: join(dir, "summary.md"), svg: join(dir, "summary.svg") };
  writeFileSync(paths.markdown, formatSummaryMarkdown(groups, machine));
  writeFileSync(paths.svg, renderSummarySvg(groups, machine));
  return paths;
}
