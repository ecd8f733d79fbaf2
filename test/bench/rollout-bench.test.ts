import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { readBenchResults } from "../../bench/bench-results.ts";
import { rolloutCampaignBody, rolloutOutcome } from "../../bench/rollout-campaign.ts";
import { type RolloutMeasures, rolloutBenchRow } from "../../bench/rollout-row.ts";
import { createRolloutTimeline } from "../../bench/rollout-timeline.ts";
import { formatSummaryMarkdown } from "../../bench/summary-markdown.ts";
import { summaryGroups } from "../../bench/summary-series.ts";
import { campaignSchema } from "../../functions/api/campaign-schema.ts";
import type { SessionRecord } from "../../functions/simulator/cpe-types.ts";

const firmware = {
  id: "01JTEST0000000000000000000",
  version: "2.0.0",
  size: 1024,
  sha256: "a".repeat(64),
  url: "http://127.0.0.1:7567/files/01JTEST0000000000000000000",
};

const session = (codes: string[], kind: "completed" | "busy" = "completed"): SessionRecord => ({
  events: codes.map((eventCode) => ({ eventCode, commandKey: "" })),
  result: kind === "completed" ? { kind, exchanges: 2, cookies: [] } : { kind, retryAfterSec: 1 },
  durationMs: 10,
  rpcs: [],
});

describe("the rollout benchmark's campaign", () => {
  it("sends a body the campaign API accepts: the firmware by fileId, the rate, the stages", () => {
    const body = rolloutCampaignBody({
      firmware,
      serialPrefix: "ROLL",
      connectionRequestsPerSecond: 20,
      maxInSession: 50,
    });

    const parsed = campaignSchema.parse(body);

    assert.deepEqual(parsed.filter, { serialPrefix: "ROLL" });
    assert.deepEqual(parsed.rate, { connectionRequestsPerSecond: 20, maxInSession: 50 });
    assert.deepEqual(parsed.task, { name: "download", fileId: firmware.id });
    assert.deepEqual(parsed.stages, {
      canary: 5,
      waves: { percent: 25 },
      soakSeconds: 0,
      stageTimeoutSeconds: 900,
    });
  });

  it("reads a v1 view: done upgraded, the rest not, ended once completed", () => {
    const counts = { queued: 10, woken: 10, done: 7, faulted: 1, unreachable: 1, other: 1 };

    const running = rolloutOutcome({ status: "running", counts });
    const completed = rolloutOutcome({ status: "completed", counts });

    assert.deepEqual(running, {
      status: "running",
      ended: false,
      succeeded: 7,
      notUpgraded: 3,
      matched: 10,
    });
    assert.equal(completed.ended, true);
  });

  it("reads a v2 view: progress.succeeded, failed + skipped; halted is an end", () => {
    const progress = {
      matched: null,
      pending: 3,
      inProgress: 2,
      succeeded: 4,
      failed: 2,
      skipped: 1,
    };

    const halted = rolloutOutcome({ status: "halted", progress });
    const paused = rolloutOutcome({ status: "paused", progress });

    assert.deepEqual(halted, {
      status: "halted",
      ended: true,
      succeeded: 4,
      notUpgraded: 3,
      matched: 0,
    });
    assert.equal(paused.ended, false);
  });
});

describe("the rollout timeline", () => {
  it("counts from start() on: first accepted CR to the M Download session, per device", () => {
    let now = 0;
    const timeline = createRolloutTimeline(() => now);
    const { onSessionEnd, onConnectionRequest } = timeline.observer;
    onSessionEnd?.("A", session(["0 BOOTSTRAP", "1 BOOT"]));
    onSessionEnd?.("B", session(["1 BOOT"], "busy"));
    onConnectionRequest?.("A", "accepted");

    timeline.start();
    now = 100;
    onConnectionRequest?.("A", "accepted");
    now = 150;
    onConnectionRequest?.("B", "busy");
    now = 300;
    onConnectionRequest?.("A", "accepted");
    now = 1100;
    onSessionEnd?.("A", session(["1 BOOT", "7 TRANSFER COMPLETE", "M Download"]));
    now = 1200;
    onSessionEnd?.("A", session(["1 BOOT", "7 TRANSFER COMPLETE", "M Download"]));

    assert.equal(timeline.registered(), 1, "a busy session registers nothing");
    assert.deepEqual(timeline.connectionRequests(), { accepted: 2, busy: 1, spanMs: 200 });
    assert.deepEqual(timeline.wakeToUpgradedMs(), [1000]);
    assert.equal(timeline.upgraded(), 1);
  });
});

const measures: RolloutMeasures = {
  settings: {
    devices: 3,
    connectionRequestsPerSecond: 20,
    maxInSession: 50,
    imageBytes: 1024 * 1024,
    campaignApi: "v1",
  },
  outcome: { status: "completed", ended: true, succeeded: 2, notUpgraded: 1, matched: 3 },
  wallMs: 30_000,
  onNewVersion: 2,
  counts: { GetItem: 40, UpdateItem: 20 },
  byDevice: {
    byDevice: {
      A: { GetItem: 10, UpdateItem: 5 },
      B: { GetItem: 12 },
      C: { GetItem: 9 },
      X: { GetItem: 99 },
    },
    unattributed: { GetItem: 8, Query: 4 },
  },
  deviceIds: ["A", "B", "C"],
  wakeToUpgradedMs: [1000, 3000],
  connectionRequests: { accepted: 3, busy: 0, spanMs: 500 },
  statusPolls: 60,
  acsCpuMs: 400,
  loadAverage: [0.5, 1.5],
};

describe("the rollout benchmark's figures", () => {
  it("divides every request by the devices upgraded and gives per-device medians", () => {
    const row = rolloutBenchRow(measures);

    assert.equal(row.dynamoRequests, 60);
    assert.equal(row.dynamoRequestsPerUpgradedDevice, 30);
    assert.equal(row.deviceRequestsMedian, 12, "of A 15, B 12, C 9; X is no fleet device");
    assert.equal(row.unattributedPerUpgradedDevice, 6);
    assert.equal(row.upgradedPerMinute, 4);
    assert.equal(row.achievedCrPerSecond, 4, "3 CRs, 2 gaps in 500 ms");
    assert.equal(row.wakeToUpgradedP50Ms, 1000);
    assert.equal(row.acsCpuMsPerUpgradedDevice, 200);
  });

  it("gives no per-device figure when nothing was upgraded", () => {
    const row = rolloutBenchRow({
      ...measures,
      outcome: { ...measures.outcome, succeeded: 0 },
      wakeToUpgradedMs: [],
      connectionRequests: { accepted: 1, busy: 0, spanMs: 0 },
    });

    assert.equal(row.dynamoRequestsPerUpgradedDevice, null);
    assert.equal(row.wakeToUpgradedP99Ms, null);
    assert.equal(row.achievedCrPerSecond, null);
    assert.equal(row.upgradedPerMinute, 0);
  });

  it("shows rollout.json in the summary with devices/min and requests per device", () => {
    const dir = mkdtempSync(join(tmpdir(), "rollout-summary-"));
    try {
      const rollout = rolloutBenchRow(measures);
      writeFileSync(
        join(dir, "rollout.json"),
        JSON.stringify({ at: "2026-12-07T02:00:00.000Z", machine: "2 x Test CPU", rollout }),
      );

      const markdown = formatSummaryMarkdown(summaryGroups(readBenchResults(dir)), "2 x Test CPU");

      const row = markdown.split("\n").find((line) => line.startsWith("| Firmware rollout |"));
      assert.ok(row, markdown);
      assert.match(row, /campaign \(API v1\), 20 CRs\/s, 50 in session \| 3 CPEs, 1024 KiB image/);
      assert.match(row, /\| 1 s \| 3 s \| 3 s \| 0\.0667 devices\/s \| 1 \|/);
      assert.match(row, /2 upgraded in 30\.0 s = 4 devices\/min/);
      assert.match(row, /30\.0 DynamoDB requests\/upgraded device \(12 about the device/);
      assert.match(markdown, /- rollout\.json: Firmware rollout, run 2026-12-07T02:00:00\.000Z/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
