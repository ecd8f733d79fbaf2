import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { readBenchResults } from "../../bench/bench-results.ts";
import { formatSummaryMarkdown } from "../../bench/summary-markdown.ts";
import { summaryGroups } from "../../bench/summary-series.ts";

const chaos = {
  devices: 200,
  misbehaving: 31,
  fraction: 0.2,
  seed: 13,
  periodicIntervalSec: 4,
  idleTimeoutSec: 5,
  tasks: 560,
  byStatus: { done: 520, faulted: 40 },
  faultedByDesign: 40,
  unfinished: 0,
  sessionsUntilDoneMax: 7,
  sessionsUntilDoneP50: 2,
  sessionsUntilDoneP99: 7,
  timeToTerminalP50Ms: 2900,
  timeToTerminalP90Ms: 9000,
  timeToTerminalP99Ms: 15900,
  busyResponses: 0,
  longestRefusalMs: null,
  repeatedRpcs: 0,
  lostValues: 0,
  elapsedMs: 41200,
};

describe("the chaos fleet in the benchmark summary", () => {
  it("reads chaos.json and shows one row with sessions, time to terminal and outcomes", () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), "chaos-summary-"));
    try {
      writeFileSync(
        join(dir, "chaos.json"),
        JSON.stringify({ at: "2026-12-06T21:00:00.000Z", machine: "2 x Test CPU", chaos }),
      );

      // Act
      const results = readBenchResults(dir);
      const markdown = formatSummaryMarkdown(summaryGroups(results), "2 x Test CPU");

      // Assess
      const row = markdown.split("\n").find((line) => line.startsWith("| Chaos fleet |"));
      assert.ok(row, markdown);
      assert.match(row, /560 tasks, 200 CPEs \(31 misbehaving\)/);
      assert.match(row, /\| 2\.9 s \| 9 s \| 15\.9 s \|/);
      assert.match(row, /sessions until every task of a CPE ended: max 7, p99 7/);
      assert.match(row, /520 done, 40 faulted \(40 faulted by design\)/);
      assert.match(row, /0 × 503/);
      assert.match(markdown, /- chaos\.json: Chaos fleet, run 2026-12-06T21:00:00\.000Z/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
