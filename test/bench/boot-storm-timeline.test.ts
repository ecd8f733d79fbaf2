import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createBootStormTimeline } from "../../bench/boot-storm-timeline.ts";
import { renderTimeSeriesSvg } from "../../bench/svg-time-series.ts";

describe("createBootStormTimeline", () => {
  it("tallies sessions and 503s per second and drains when every device has completed one", () => {
    // Prepare: two devices, the storm starting at t = 10,000 ms.
    const timeline = createBootStormTimeline({ devices: 2, startMs: 10_000 });

    // Act: A is refused, then completes; B completes twice; a failure on the way.
    timeline.sessionEnded("A", "busy", 5, 10_100);
    timeline.sessionEnded("B", "completed", 300, 10_400);
    timeline.sessionEnded("B", "failed", 50, 11_200, "ECONNRESET read");
    const drainedEarly = timeline.drained();
    timeline.sessionEnded("A", "completed", 100, 12_500);
    timeline.sessionEnded("B", "completed", 200, 12_600);
    const summary = timeline.summary();

    // Assess
    assert.equal(drainedEarly, false);
    assert.equal(timeline.drained(), true);
    assert.deepEqual(
      summary.timeline.map((s) => [s.second, s.completed, s.busy, s.failed, s.devicesDone]),
      [
        [0, 1, 1, 0, 1],
        [1, 0, 0, 1, 1],
        [2, 2, 0, 0, 2],
      ],
    );
    assert.equal(summary.drainSeconds, 2.5);
    assert.equal(summary.sessionsCompleted, 3);
    assert.equal(summary.busy, 1);
    assert.equal(summary.failed, 1);
    assert.deepEqual(summary.failureReasons, { "ECONNRESET read": 1 });
    assert.equal(summary.sessionP50Ms, 200);
    assert.equal(summary.sessionP99Ms, 300);
    assert.equal(summary.peakSessionsPerSecond, 2);
  });

  it("reports no drain while a device never completed a session", () => {
    const timeline = createBootStormTimeline({ devices: 2, startMs: 0 });

    timeline.sessionEnded("A", "completed", 10, 500);

    assert.equal(timeline.summary().drainSeconds, undefined);
  });
});

describe("renderTimeSeriesSvg", () => {
  it("draws one polyline per series, escapes labels and marks the drain", () => {
    const svg = renderTimeSeriesSvg({
      title: "storm <5000>",
      subtitle: "s",
      yLabel: "per second",
      series: [
        { label: "sessions/s", color: "#00f", values: [0, 10, 20] },
        { label: "503/s", color: "#f00", values: [5, 0, 0] },
      ],
      marker: { second: 2, label: "drained" },
    });

    assert.equal(svg.match(/<polyline /g)?.length, 2);
    assert.ok(svg.includes("storm &lt;5000&gt;"));
    assert.ok(svg.includes(">drained<"));
    assert.ok(svg.startsWith("<svg "));
  });
});
