import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { newTask } from "../../../functions/core/model/new-task.ts";
import type { TaskRecord, TaskSpec } from "../../../functions/core/model/task.ts";
import {
  afterFirmwareTransfer,
  settleVerifying,
  versionMismatchReason,
} from "../../../functions/core/session/firmware-verification.ts";

const t0 = 1_800_000_000_000;
const firmware: TaskSpec = {
  name: "download",
  fileId: "01KBX000000000000000000001",
  fileType: "1 Firmware Upgrade Image",
  fileSize: 3,
  targetFileName: "image.bin",
  expectedVersion: "2.0",
};

function finished(spec: TaskSpec = firmware): TaskRecord {
  const task = newTask({
    id: "T1",
    deviceId: "D1",
    spec,
    now: t0,
    defaults: { lifetimeMs: 3_600_000, maxAttempts: 3 },
  });
  return { ...task, status: "done", result: { status: 0 }, updatedAt: t0 + 10 };
}

const boot = (softwareVersion?: string) => ({
  startedAt: t0 + 5,
  events: ["1 BOOT", "7 TRANSFER COMPLETE"],
  ...(softwareVersion !== undefined && { softwareVersion }),
});

describe("afterFirmwareTransfer", () => {
  it("verifies at once when the Inform after the reboot reports the expected version", () => {
    // Act
    const task = afterFirmwareTransfer(finished(), boot("2.0"), t0 + 20);

    // Assess
    assert.equal(task.status, "verified");
    assert.equal(task.result?.softwareVersion, "2.0");
  });

  it("faults version-mismatch when that Inform reports another version", () => {
    // Act
    const task = afterFirmwareTransfer(finished(), boot("1.0"), t0 + 20);

    // Assess
    assert.equal(task.status, "faulted");
    assert.equal(task.reason, versionMismatchReason);
    assert.equal(task.result?.softwareVersion, "1.0");
  });

  it("takes M Download with the task's CommandKey as the reboot into the image", () => {
    // Prepare
    const evidence = {
      startedAt: t0 + 5,
      events: ["7 TRANSFER COMPLETE", "M Download"],
      methodEvents: [{ code: "M Download", commandKey: "T1" }],
      softwareVersion: "2.0",
    };

    // Act
    const task = afterFirmwareTransfer(finished(), evidence, t0 + 20);

    // Assess
    assert.equal(task.status, "verified");
  });

  it("waits for the next Inform when the session was not opened by a reboot", () => {
    // Prepare: M Download of another task proves nothing about this one
    const evidence = {
      startedAt: t0 + 5,
      events: ["7 TRANSFER COMPLETE"],
      methodEvents: [{ code: "M Download", commandKey: "other" }],
      softwareVersion: "2.0",
    };

    // Act
    const task = afterFirmwareTransfer(finished(), evidence, t0 + 20);

    // Assess
    assert.equal(task.status, "verifying");
    assert.equal(task.updatedAt, t0 + 20);
  });

  it("waits for the next Inform without evidence (DownloadResponse Status 0)", () => {
    assert.equal(afterFirmwareTransfer(finished(), undefined, t0 + 20).status, "verifying");
  });

  it("leaves a download without an expected version, and a failed one, as they are", () => {
    // Prepare
    const { expectedVersion: _none, ...plain } = firmware as Extract<
      TaskSpec,
      { name: "download" }
    >;
    const faulted: TaskRecord = { ...finished(), status: "pending" };

    // Act / Assess
    assert.equal(afterFirmwareTransfer(finished(plain), boot("1.0"), t0 + 20).status, "done");
    assert.equal(afterFirmwareTransfer(faulted, boot("1.0"), t0 + 20), faulted);
  });
});

describe("settleVerifying", () => {
  const verifying: TaskRecord = { ...finished(), status: "verifying", updatedAt: t0 + 10 };

  it("judges by a session opened after the task became verifying", () => {
    // Prepare
    const later = { startedAt: t0 + 60_000, events: ["2 PERIODIC"] };

    // Act
    const good = settleVerifying(verifying, { ...later, softwareVersion: "2.0" }, t0 + 60_001);
    const bad = settleVerifying(verifying, { ...later, softwareVersion: "1.0" }, t0 + 60_001);
    const silent = settleVerifying(verifying, later, t0 + 60_001);

    // Assess
    assert.equal(good.status, "verified");
    assert.equal(bad.status, "faulted");
    assert.equal(bad.reason, versionMismatchReason);
    assert.equal(silent.status, "faulted", "an Inform without SoftwareVersion proves nothing");
  });

  it("leaves it alone in the session where it became verifying", () => {
    // Act
    const same = settleVerifying(
      verifying,
      { startedAt: t0 + 5, events: ["1 BOOT"], softwareVersion: "2.0" },
      t0 + 30,
    );

    // Assess
    assert.equal(same, verifying);
  });
});
