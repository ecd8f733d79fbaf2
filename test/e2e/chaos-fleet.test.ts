import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { type ChaosReport, runChaosFleet } from "../support/chaos-fleet.ts";
import { chaosSummaryLine } from "../support/chaos-fleet-report.ts";

/**
 * The chaos fleet: 200 simulated CPEs against the local ACS (the same one `npm start` builds),
 * about a fifth of them misbehaving at random (seeded: crashes mid-RPC, Reboots left
 * unanswered, one-off faults, lost InformResponses, late TransferCompletes, slow replies, wire
 * quirks), with tasks queued through the API for every device. Everything is judged from
 * outside: what each CPE saw in each session, and what the API shows.
 */
const devices = 200;
const idleTimeoutSec = 5;

/**
 * Working sessions a task may take from queueing to its terminal state. Each of its at most
 * maxAttempts sends is in its own session, and each may be followed by one session that carries
 * its outcome but cannot send it again (a TransferComplete or a retryable fault settles only for
 * a later session; a Reboot's boot session). A random misbehaviour costs at most three more: a
 * device that dies on an RPC (at most twice) comes back in a new session, and one lost
 * InformResponse is retried in another. Idle periodic sessions (nothing sent, only
 * `2 PERIODIC`) are not counted: how many fall into a wait depends on the machine's speed.
 */
const sessionBound = (maxAttempts: number) => 2 * maxAttempts + 3;

/**
 * Longest a device may be refused with 503: the idle timeout, plus one second because
 * Retry-After is whole seconds rounded up, plus one second for the run's own latency.
 */
const refusalBoundMs = (idleTimeoutSec + 2) * 1000;

describe("chaos fleet: 200 CPEs, a fifth misbehaving, tasks for all", { timeout: 400_000 }, () => {
  let report: ChaosReport;
  before(async () => {
    report = await runChaosFleet({ devices, idleTimeoutSec, deadlineMs: 150_000 });
    process.stdout.write(`${chaosSummaryLine(report)}\n`);
  });

  const show = (value: unknown) => JSON.stringify(value, null, 1).slice(0, 4000);

  it("ran a fleet that really misbehaved", () => {
    assert.equal(report.devices, devices);
    assert.ok(report.misbehaving >= devices * 0.1, `${report.misbehaving} misbehaving devices`);
    assert.ok(
      report.sessions.some((session) => session.kind === "hung-up"),
      "some devices hung up on an RPC",
    );
  });

  it("brings every task to a terminal state within maxAttempts sends and bounded sessions", () => {
    const open = report.tasks.filter((task) => task.timeToTerminalMs === undefined);
    assert.deepEqual(open, [], `tasks not terminal: ${show(open)}`);
    // Sends as the CPEs counted them, not as the ACS reports them.
    const overSent = report.tasks.filter(
      (task) => task.sends > task.maxAttempts || task.attempts > task.maxAttempts,
    );
    assert.deepEqual(overSent, [], `sent more than maxAttempts: ${show(overSent)}`);
    const neverSent = report.tasks.filter((task) => task.status === "done" && task.sends === 0);
    assert.deepEqual(neverSent, [], `done without ever reaching the device: ${show(neverSent)}`);
    const slow = report.tasks.filter(
      (task) => task.workingSessions > sessionBound(task.maxAttempts),
    );
    assert.deepEqual(slow, [], `more sessions than the bound: ${show(slow)}`);
  });

  it("never sends the same RPC twice in one session", () => {
    assert.ok(
      report.sessions.some((session) => session.rpcs.length > 1),
      "sessions with RPCs",
    );
    assert.deepEqual(report.repeatedRpcs, [], show(report.repeatedRpcs));
  });

  it("refuses no device beyond the idle timeout", () => {
    const long = report.refusals.filter((r) => r.ongoing || r.refusedMs > refusalBoundMs);
    assert.deepEqual(long, [], `refused too long: ${show(long)}`);
  });

  it("loses nothing: set values are on the device and in the ACS, read values are the device's", () => {
    const doneSets = report.tasks.filter(
      (task) => task.name === "setParameterValues" && task.status === "done",
    );
    assert.equal(report.setValues.length, doneSets.length);
    const lost = report.setValues.filter(
      (check) => check.onDevice !== check.expected || check.inAcs !== check.expected,
    );
    assert.deepEqual(lost, [], show(lost));
    const wrongReads = report.tasks.filter(
      (task) =>
        task.name === "getParameterValues" &&
        task.status === "done" &&
        task.result?.parameters?.[0]?.value !== task.serial,
    );
    assert.deepEqual(wrongReads, [], show(wrongReads));
  });

  it("says why every faulted task failed, with the sends it made when unanswered", () => {
    const faulted = report.tasks.filter((task) => task.status === "faulted");
    const unexplained = faulted.filter((task) => !task.reason);
    assert.deepEqual(unexplained, [], show(unexplained));
    const noHistory = faulted.filter(
      (task) =>
        task.reason?.startsWith("no-response") &&
        !task.history?.some((attempt) => attempt.outcome === "no-response"),
    );
    assert.deepEqual(noHistory, [], show(noHistory));
  });

  it("finishes every task of a well-behaved device, and fails only the tasks meant to fail", () => {
    const failedByDesign = report.tasks.filter((task) => task.designedToFail);
    assert.ok(failedByDesign.length > 0);
    const notFaulted = failedByDesign.filter((task) => task.status !== "faulted");
    assert.deepEqual(notFaulted, [], show(notFaulted));
    const wellBehavedUndone = report.tasks.filter(
      (task) => !task.misbehaving && !task.designedToFail && task.status !== "done",
    );
    assert.deepEqual(wellBehavedUndone, [], show(wellBehavedUndone));
    const wrongFailure = failedByDesign.filter(
      (task) =>
        !task.misbehaving &&
        (task.fault?.code !== 9010 || task.reason !== `gave up after ${task.maxAttempts} attempts`),
    );
    assert.deepEqual(wrongFailure, [], show(wrongFailure));
  });
});
