import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  afterDiagnosticTask,
  diagnosticAsOf,
  diagnosticState,
  newDiagnostic,
  readingResult,
} from "../../../functions/core/diagnostics/diagnostic-lifecycle.ts";
import type { TaskRecord } from "../../../functions/core/model/task.ts";

const t0 = Date.UTC(2026, 11, 1, 12, 0, 0);
const requested = newDiagnostic({
  id: "D1",
  deviceId: "dev",
  type: "IPPing",
  objectPath: "Device.IP.Diagnostics.IPPing.",
  arguments: { host: "example.net" },
  requestTaskId: "T1",
  now: t0,
  timeoutMs: 600_000,
});

const task = (id: string, over: Partial<TaskRecord>): TaskRecord => ({
  id,
  deviceId: "dev",
  spec: { name: "getParameterValues", parameterNames: ["Device.IP.Diagnostics.IPPing."] },
  status: "done",
  createdAt: t0,
  updatedAt: t0 + 1000,
  expiresAt: t0 + 3_600_000,
  attempts: 1,
  maxAttempts: 3,
  diagnosticId: "D1",
  ...over,
});

describe("diagnostic lifecycle", () => {
  it("an open diagnostic reads as timed out from its deadline on, with a reason", () => {
    // Act
    const before = diagnosticState(requested, t0 + 599_999);
    const at = diagnosticAsOf(requested, t0 + 600_000);

    // Assess
    assert.equal(before, "requested");
    assert.equal(at.state, "timedOut");
    assert.match(at.failure?.reason ?? "", /never accepted/);
  });

  it("a final diagnostic never times out", () => {
    // Prepare
    const done = { ...requested, state: "completed" as const };

    // Act / Assess
    assert.equal(diagnosticAsOf(done, t0 + 10 * 600_000), done);
  });

  it("its SetParameterValues done -> running; faulted -> failed with the fault", () => {
    // Act
    const running = afterDiagnosticTask(requested, task("T1", {}), t0 + 1000);
    const failed = afterDiagnosticTask(
      requested,
      task("T1", { status: "faulted", fault: { code: 9007, string: "Invalid parameter value" } }),
      t0 + 1000,
    );

    // Assess
    assert.equal(running?.state, "running");
    assert.equal(failed?.state, "failed");
    assert.deepEqual(failed?.failure?.fault, { code: 9007, string: "Invalid parameter value" });
  });

  it("its result read ends it; a Requested result keeps it running, ready for another read", () => {
    // Prepare
    const reading = readingResult({ ...requested, state: "running" }, "T2", t0 + 2000);
    const param = (name: string, value: string) => ({
      name: `Device.IP.Diagnostics.IPPing.${name}`,
      value,
      type: "string",
    });

    // Act
    const still = afterDiagnosticTask(
      reading,
      task("T2", { result: { parameters: [param("DiagnosticsState", "Requested")] } }),
      t0 + 3000,
    );
    const failed = afterDiagnosticTask(
      reading,
      task("T2", { result: { parameters: [param("DiagnosticsState", "Error_Internal")] } }),
      t0 + 3000,
    );

    // Assess
    assert.equal(still?.state, "running");
    assert.equal(still?.resultTaskId, undefined);
    assert.equal(failed?.state, "failed");
    assert.equal(failed?.failure?.cpeState, "Error_Internal");
  });

  it("a task that is not the diagnostic's, or a pending one, changes nothing", () => {
    // Act / Assess
    assert.equal(afterDiagnosticTask(requested, task("OTHER", {}), t0), undefined);
    assert.equal(afterDiagnosticTask(requested, task("T1", { status: "pending" }), t0), undefined);
  });
});
