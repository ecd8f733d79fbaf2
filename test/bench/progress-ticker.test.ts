import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import {
  formatProgress,
  lineProgressSink,
  startProgressTicker,
  stderrProgressSink,
  withProgress,
} from "../../bench/progress-ticker.ts";

describe("formatProgress", () => {
  it("shows done / total and the rate so far, and failures only when there are some", () => {
    const state = { label: "sessions", total: 2000, unit: "sessions", done: 500, failed: 0 };
    assert.equal(
      formatProgress({ ...state, elapsedMs: 4000 }),
      "sessions: 500/2000 sessions, 125.0 sessions/s",
    );
    assert.equal(
      formatProgress({ ...state, failed: 3, elapsedMs: 2000 }),
      "sessions: 500/2000 sessions, 250.0 sessions/s (3 failed)",
    );
    assert.equal(
      formatProgress({ ...state, done: 0, elapsedMs: 0 }),
      "sessions: 0/2000 sessions, 0.0 sessions/s",
    );
  });
});

describe("startProgressTicker", () => {
  it("prints a status per interval and a last line on stop", async () => {
    const lines: string[] = [];
    const ticker = startProgressTicker({
      label: "CR round",
      total: 3,
      unit: "CRs",
      sink: lineProgressSink((text) => lines.push(text)),
      intervalMs: 20,
    });
    ticker.tick();
    await sleep(70);
    ticker.tick(false);
    ticker.stop();
    const count = lines.length;
    await sleep(50);
    assert.equal(lines.length, count, "no status after stop");
    assert.ok(count >= 2, `expected statuses and a last line, got ${JSON.stringify(lines)}`);
    assert.match(lines[0] as string, /^CR round: 1\/3 CRs, [\d.]+ CRs\/s$/);
    assert.match(lines.at(-1) as string, /^CR round: 2\/3 CRs, [\d.]+ CRs\/s \(1 failed\)$/);
  });

  it("gives the last line the rate up to the last operation, not up to stop()", async () => {
    const lines: string[] = [];
    const sink = lineProgressSink((text) => lines.push(text));
    const ticker = startProgressTicker({ label: "e2e", total: 2, unit: "CRs", sink });
    await sleep(50);
    ticker.tick();
    ticker.tick();
    await sleep(150); // e.g. the poller shutting down
    ticker.stop();
    const rate = Number(/, ([\d.]+) CRs\/s$/.exec(lines.at(-1) ?? "")?.[1]);
    // 2 CRs in ~50 ms is ~40/s; counting the shutdown too would give ~10/s.
    assert.ok(rate > 20 && rate <= 41, `rate ${rate}`);
  });

  it("stops through withProgress when the work throws", async () => {
    const lines: string[] = [];
    const sink = lineProgressSink((text) => lines.push(text));
    await assert.rejects(
      withProgress({ label: "x", total: 1, unit: "CRs", sink }, async (tick) => {
        tick(true);
        throw new Error("boom");
      }),
      /boom/,
    );
    assert.deepEqual(
      lines.map((line) => line.split(",")[0]),
      ["x: 1/1 CRs"],
    );
  });
});

describe("stderrProgressSink", () => {
  const fakeStream = (isTTY: boolean, out: string[]) =>
    ({ isTTY, write: (text: string) => out.push(text) }) as unknown as NodeJS.WriteStream;

  it("rewrites the status line in place on a terminal", () => {
    const out: string[] = [];
    const sink = stderrProgressSink(fakeStream(true, out));
    sink.status("a");
    sink.line("b");
    assert.deepEqual(out, ["\r\x1b[2Ka", "\r\x1b[2Kb\n"]);
  });

  it("prints plain lines elsewhere", () => {
    const out: string[] = [];
    const sink = stderrProgressSink(fakeStream(false, out));
    sink.status("a");
    sink.line("b");
    assert.deepEqual(out, ["a\n", "b\n"]);
  });
});
