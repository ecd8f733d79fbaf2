import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { AcsEvent } from "../../functions/event-ports.ts";
import { createActivityCounter } from "../../functions/local/activity-counter.ts";
import { createCountingEventSink } from "../../functions/local/counting-event-sink.ts";
import { createCountingLogger } from "../../functions/local/counting-logger.ts";
import { formatActivitySummary } from "../../functions/local/format-activity-summary.ts";
import { startActivitySummary } from "../../functions/local/start-activity-summary.ts";
import type { Logger } from "../../functions/ports.ts";

const at = new Date("2026-12-07T03:41:00.000Z");
const idle = { sessionEnded: 0, crDelivered: 0, crFailed: 0, taskCompleted: 0, taskFaulted: 0 };

describe("formatActivitySummary", () => {
  it("says nothing when nothing happened", () => {
    assert.equal(formatActivitySummary(idle, at), undefined);
  });

  it("names only what happened, with an ISO time", () => {
    const line = formatActivitySummary(
      { ...idle, sessionEnded: 12, crDelivered: 2, crFailed: 1, taskFaulted: 1 },
      at,
    );

    assert.equal(
      line,
      "2026-12-07T03:41:00.000Z  last minute: 12 sessions, 3 connection requests (1 failed), 1 task faulted",
    );
  });

  it("speaks of one session and one task done in the singular", () => {
    assert.equal(
      formatActivitySummary({ ...idle, sessionEnded: 1, taskCompleted: 1 }, at),
      "2026-12-07T03:41:00.000Z  last minute: 1 session, 1 task done",
    );
  });
});

describe("createActivityCounter", () => {
  it("hands over what it counted and starts again from zero", () => {
    const counter = createActivityCounter();
    counter.record("sessionEnded");
    counter.record("sessionEnded");
    counter.record("crFailed");

    const first = counter.take();
    const second = counter.take();

    assert.deepEqual(first, { ...idle, sessionEnded: 2, crFailed: 1 });
    assert.deepEqual(second, idle);
  });
});

describe("createCountingLogger", () => {
  it("counts ended sessions and final CR outcomes at any level, and passes every call on", () => {
    const counter = createActivityCounter();
    const passed: string[] = [];
    const inner: Logger = {
      info: (message) => passed.push(`info ${message}`),
      warn: (message) => passed.push(`warn ${message}`),
      error: (message) => passed.push(`error ${message}`),
    };
    const logger = createCountingLogger({ logger: inner, counter });

    logger.info("session opened", { deviceId: "D1" });
    logger.info("session closed", { deviceId: "D1" });
    logger.warn("session abandoned", { deviceId: "D2" });
    logger.info("connection request", { outcome: "delivered" });
    logger.warn("connection request", { outcome: "retry-scheduled" });
    logger.warn("connection request", { outcome: "unreachable" });

    assert.deepEqual(counter.take(), { ...idle, sessionEnded: 2, crDelivered: 1, crFailed: 1 });
    assert.equal(passed.length, 6);
    assert.equal(passed[2], "warn session abandoned");
  });
});

describe("createCountingEventSink", () => {
  it("counts completed and faulted tasks and publishes the same batch", async () => {
    const counter = createActivityCounter();
    const published: (readonly AcsEvent[])[] = [];
    const sink = createCountingEventSink({
      events: { publish: async (batch) => void published.push(batch) },
      counter,
    });
    const task = { deviceId: "D1", at: 0, taskId: "t1", task: "Reboot" };
    const batch: AcsEvent[] = [
      { type: "TaskCompleted", ...task },
      { type: "TaskFaulted", ...task, reason: "no-response" },
      { type: "DeviceRegistered", deviceId: "D1", at: 0 },
    ];

    await sink.publish(batch);

    assert.deepEqual(counter.take(), { ...idle, taskCompleted: 1, taskFaulted: 1 });
    assert.deepEqual(published, [batch]);
  });
});

describe("startActivitySummary", () => {
  it("writes one line a minute when something happened and none when idle", (context) => {
    context.mock.timers.enable({ apis: ["setInterval"] });
    const counter = createActivityCounter();
    const lines: string[] = [];
    const summary = startActivitySummary({
      counter,
      clock: { now: () => at.getTime() },
      write: (line) => lines.push(line),
    });

    counter.record("sessionEnded");
    context.mock.timers.tick(59_999);
    const beforeTheMinute = lines.length;
    context.mock.timers.tick(1);
    context.mock.timers.tick(60_000);
    summary.stop();

    assert.equal(beforeTheMinute, 0);
    assert.deepEqual(lines, ["2026-12-07T03:41:00.000Z  last minute: 1 session"]);
  });
});
