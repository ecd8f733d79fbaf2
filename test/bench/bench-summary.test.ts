import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import {
  type BenchResults,
  BenchResultsError,
  readBenchResults,
} from "../../bench/bench-results.ts";
import { formatDurationMs } from "../../bench/summary-format.ts";
import { formatSummaryMarkdown } from "../../bench/summary-markdown.ts";
import { summaryGroups } from "../../bench/summary-series.ts";
import { renderSummarySvg } from "../../bench/summary-svg.ts";
import { writeBenchSummary } from "../../bench/write-bench-summary.ts";

const run = { at: "2026-11-24T16:00:00.000Z", machine: "2 x Test CPU, 8 GiB" };

const sample: BenchResults = {
  codec: {
    ...run,
    iterations: 400,
    codec: [
      {
        message: "Inform, 40 parameters",
        bytes: 6145,
        decodeMedianUs: 912.4,
        decodeP90Us: 1010,
        decodeP99Us: 1980,
        encodeMedianUs: 31,
        encodeP90Us: 64,
        encodeP99Us: 234,
        bareParseMedianUs: 762.3,
        decodeToBareRatio: 1.2,
      },
    ],
  },
  sessions: {
    ...run,
    sessions: [
      {
        scenario: "BOOTSTRAP (new device)",
        sessions: 2000,
        concurrency: 50,
        failedSessions: 0,
        exchangesPerSession: 2,
        sessionsPerSecond: 131.4,
        exchangeP50Ms: 186.12,
        exchangeP90Ms: 250,
        exchangeP99Ms: 288.65,
        sessionP50Ms: 360.62,
        sessionP90Ms: 450.5,
        sessionP99Ms: 514.01,
      },
      {
        scenario: "periodic + one GetParameterValues",
        sessions: 2000,
        concurrency: 50,
        failedSessions: 3,
        exchangesPerSession: 3,
        sessionsPerSecond: 60,
        exchangeP50Ms: 308.1,
        exchangeP99Ms: 488.06,
        sessionP50Ms: 832.21,
        sessionP99Ms: 1059.28,
      },
    ],
  },
  sender: {
    ...run,
    rows: [
      {
        path: "sender handler, XMPP (message -> outcome recorded)",
        perRound: 5000,
        rounds: 3,
        concurrency: 64,
        failures: 0,
        perSecond: 3263,
        p50Ms: 18.08,
        p90Ms: 25.5,
        p99Ms: 40.08,
        ratioToRaw: 0.81,
      },
    ],
  },
};

const seriesNames = [
  "decode: Inform, 40 parameters",
  "encode: Inform, 40 parameters",
  "BOOTSTRAP (new device)",
  "periodic + one GetParameterValues",
  "sender handler, XMPP (message -> outcome recorded)",
];

/** Every <text> of the SVG, entities decoded (the parser also proves it is well-formed). */
function svgTexts(svg: string): string[] {
  const parser = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === "text" });
  const texts: string[] = [];
  const walk = (node: unknown): void => {
    if (typeof node !== "object" || node === null) return;
    for (const [key, value] of Object.entries(node)) {
      if (key === "text") texts.push(...(value as unknown[]).map(textOf));
      else if (Array.isArray(value)) for (const item of value) walk(item);
      else walk(value);
    }
  };
  walk(parser.parse(svg, true));
  return texts;
}

/** A <text> with attributes parses to an object holding its content under "#text". */
const textOf = (node: unknown) =>
  String(
    typeof node === "object" && node !== null ? (node as Record<string, unknown>)["#text"] : node,
  );

/** The bars of the chart: rect elements with a height of 8 (legend squares are 10). */
function barWidths(svg: string, fill: string): number[] {
  return [
    ...svg.matchAll(/<rect x="[^"]+" y="[^"]+" width="([^"]+)" height="8" fill="([^"]+)"\/>/g),
  ]
    .filter((match) => match[2] === fill)
    .map((match) => Number(match[1]));
}

describe("renderSummarySvg", () => {
  const svg = renderSummarySvg(summaryGroups(sample), run.machine);

  it("is well-formed XML with an svg root", () => {
    assert.equal(XMLValidator.validate(svg), true);
    assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" /);
    assert.ok(svg.trimEnd().endsWith("</svg>"));
  });

  it("names every series in both panels where it has figures", () => {
    const texts = svgTexts(svg);
    for (const name of seriesNames) assert.ok(texts.includes(name), `missing ${name}`);
    // Latency rows for all five series, throughput rows only for sessions and CRs.
    assert.equal(texts.filter((t) => t === "BOOTSTRAP (new device)").length, 2);
    assert.equal(texts.filter((t) => t === "decode: Inform, 40 parameters").length, 1);
    assert.ok(texts.includes("Latency percentiles") && texts.includes("Throughput"));
    assert.ok(texts.includes(run.machine));
  });

  it("labels bars with their values and units", () => {
    const texts = svgTexts(svg);
    for (const label of ["p50 912 µs", "p99 1.98 ms", "p50 361 ms", "p90 451 ms", "p99 1.06 s"]) {
      assert.ok(texts.includes(label), `missing ${label}`);
    }
    assert.ok(texts.includes("131 sessions/s") && texts.includes("60 sessions/s"));
    assert.ok(texts.includes("3263 CRs/s"));
  });

  it("leaves out a percentile the results do not have instead of drawing zero", () => {
    // p90 is missing for "periodic + one GetParameterValues" only: 4 of 5 series have one.
    assert.equal(barWidths(svg, "#f28e2b").length, 4);
    assert.equal(barWidths(svg, "#4e79a7").length, 5);
    assert.equal(svgTexts(svg).filter((t) => t.startsWith("p90 ")).length, 4);
  });

  it("draws longer bars for larger values", () => {
    const [bootstrap, gpv] = barWidths(svg, "#59a14f"); // sessions/s: 131.4, then 60
    assert.ok(bootstrap !== undefined && gpv !== undefined && bootstrap > gpv && gpv > 0);
    const p99 = barWidths(svg, "#e15759"); // 1.98 ms, 234 µs, 514 ms, 1.06 s, 40.1 ms
    assert.deepEqual(
      [...p99.keys()].sort((a, b) => (p99[a] as number) - (p99[b] as number)),
      [1, 0, 4, 2, 3],
    );
  });

  it("escapes markup in names", () => {
    const tricky: BenchResults = {
      sender: { ...run, rows: [{ ...sampleSenderRow(), path: "a <b> & 'c'" }] },
    };
    const escaped = renderSummarySvg(summaryGroups(tricky), "m & m");
    assert.equal(XMLValidator.validate(escaped), true);
    assert.ok(svgTexts(escaped).includes("a <b> & 'c'"));
  });

  it("still renders with no results", () => {
    const empty = renderSummarySvg([], run.machine);
    assert.equal(XMLValidator.validate(empty), true);
    assert.equal(svgTexts(empty).filter((t) => t === "no results yet").length, 2);
  });
});

function sampleSenderRow() {
  const row = sample.sender?.rows[0];
  assert.ok(row);
  return row;
}

describe("formatSummaryMarkdown", () => {
  const markdown = formatSummaryMarkdown(summaryGroups(sample), run.machine);
  const tableRows = markdown.split("\n").filter((line) => line.startsWith("| "));

  it("has one table row per series, under a header, with the machine line", () => {
    assert.match(markdown, /^# Benchmark summary\n\nMachine: 2 x Test CPU, 8 GiB\n/);
    assert.equal(tableRows.length, 1 + seriesNames.length);
    const cells = (line: string) => line.split(" | ").length;
    for (const line of tableRows) assert.equal(cells(line), cells(tableRows[0] as string));
  });

  it("puts each benchmark's figures in its row", () => {
    assert.deepEqual(tableRows.slice(1), [
      "| CWMP codec | decode: Inform, 40 parameters | 400 runs | 912 µs | 1.01 ms | 1.98 ms | – | – | 6145 bytes; 1.20 × bare fast-xml-parser |",
      "| CWMP codec | encode: Inform, 40 parameters | 400 runs | 31 µs | 64 µs | 234 µs | – | – | 6145 bytes |",
      "| CWMP sessions | BOOTSTRAP (new device) | 2000 (50 at once) | 361 ms | 451 ms | 514 ms | 131 sessions/s | 0 | 2 exchanges/session; exchange p50 / p90 / p99 186 ms / 250 ms / 289 ms |",
      "| CWMP sessions | periodic + one GetParameterValues | 2000 (50 at once) | 832 ms | – | 1.06 s | 60 sessions/s | 3 | 3 exchanges/session; exchange p50 / p90 / p99 308 ms / – / 488 ms |",
      "| Connection-request sender | sender handler, XMPP (message -> outcome recorded) | 5000 × 3 (64 at once) | 18.1 ms | 25.5 ms | 40.1 ms | 3263 CRs/s | 0 | 0.81 × the raw / bare reference rate |",
    ]);
  });

  it("lists where each group's figures come from", () => {
    assert.match(
      markdown,
      /- codec\.json: CWMP codec, run 2026-11-24T16:00:00\.000Z on 2 x Test CPU/,
    );
    assert.match(markdown, /- sessions\.json: CWMP sessions, run /);
    assert.match(markdown, /- sender\.json: Connection-request sender, run /);
  });

  it("escapes a pipe inside a cell", () => {
    const piped: BenchResults = {
      sender: { ...run, rows: [{ ...sampleSenderRow(), path: "a|b" }] },
    };
    assert.ok(formatSummaryMarkdown(summaryGroups(piped), "m").includes("| a\\|b |"));
  });
});

describe("formatDurationMs", () => {
  it("picks the unit by size, three significant digits", () => {
    assert.equal(formatDurationMs(0.031), "31 µs");
    assert.equal(formatDurationMs(27.9885), "28 ms");
    assert.equal(formatDurationMs(1059.28), "1.06 s");
    assert.equal(formatDurationMs(undefined), "–");
    assert.equal(formatDurationMs(Number.NaN), "–");
  });
});

describe("readBenchResults and writeBenchSummary", () => {
  const dir = mkdtempSync(join(tmpdir(), "bench-summary-"));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("reads the files that exist and accepts results without the newer percentiles", () => {
    const { sessions } = sample;
    assert.ok(sessions);
    writeFileSync(join(dir, "sessions.json"), JSON.stringify(sessions));
    const results = readBenchResults(dir);
    assert.deepEqual(Object.keys(results), ["sessions"]);
    assert.equal(results.sessions?.sessions[1]?.sessionP90Ms, undefined);
  });

  it("shows a NaN percentile (saved as null) as missing", () => {
    const { sessions } = sample;
    assert.ok(sessions);
    const row = { ...sessions.sessions[0], sessionP50Ms: Number.NaN };
    writeFileSync(join(dir, "sessions.json"), JSON.stringify({ ...run, sessions: [row] }));
    const markdown = formatSummaryMarkdown(summaryGroups(readBenchResults(dir)), "m");
    assert.ok(markdown.includes("| 2000 (50 at once) | – | 451 ms |"));
  });

  it("writes summary.md and summary.svg from the files there", () => {
    const written = writeBenchSummary(dir, "test machine");
    assert.match(readFileSync(written.markdown, "utf8"), /\| CWMP sessions \| BOOTSTRAP/);
    assert.equal(XMLValidator.validate(readFileSync(written.svg, "utf8")), true);
  });

  it("refuses a file that is not JSON or not a benchmark's results, naming it", () => {
    writeFileSync(join(dir, "codec.json"), "{ not json");
    assert.throws(
      () => readBenchResults(dir),
      (error: unknown) => {
        assert.ok(error instanceof BenchResultsError);
        assert.equal(error.path, join(dir, "codec.json"));
        assert.ok(error.cause instanceof SyntaxError);
        return true;
      },
    );
    writeFileSync(join(dir, "codec.json"), JSON.stringify({ ...run, codec: [{ message: 1 }] }));
    assert.throws(() => readBenchResults(dir), BenchResultsError);
  });
});
