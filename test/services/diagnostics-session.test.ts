import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createMemoryDiagnosticStore } from "../../functions/adapters/memory/memory-diagnostic-store.ts";
import type { CpeMessage } from "../../functions/core/cwmp/cpe-messages.ts";
import { newDiagnostic } from "../../functions/core/diagnostics/diagnostic-lifecycle.ts";
import { queueTask } from "../../functions/tasks/queue-task.ts";
import { memorySession } from "../support/memory-session.ts";

const serial = "S1";
const deviceId = `00D09E-HGW-${serial}`;
const object = "Device.IP.Diagnostics.IPPing.";
const taskDefaults = { lifetimeMs: 3_600_000, maxAttempts: 3 };

const inform = (eventCode: string): CpeMessage => ({
  method: "Inform",
  deviceId: { manufacturer: "Acme", oui: "00D09E", productClass: "HGW", serialNumber: serial },
  event: [{ eventCode, commandKey: "" }],
  maxEnvelopes: 1,
  currentTime: "2026-12-01T12:00:00Z",
  retryCount: 0,
  parameterList: [{ name: "Device.DeviceInfo.SoftwareVersion", value: "1.0", type: "string" }],
});

/** A registered device with an IPPing diagnostic requested (its SetParameterValues queued). */
async function requested() {
  const store = createMemoryDiagnosticStore();
  const acs = memorySession({ diagnostics: { store, taskDefaults } });
  const boot = await acs.post(inform("0 BOOTSTRAP"));
  await acs.post(null, boot.cookie);
  const now = acs.clock.now();
  const queued = await queueTask(
    { tasks: acs.stores.tasks, ids: { sortableId: () => `${"0".repeat(25)}1` }, taskDefaults },
    {
      deviceId,
      spec: {
        name: "setParameterValues",
        parameterValues: [
          [`${object}Host`, "example.net", "string"],
          [`${object}DiagnosticsState`, "Requested", "string"],
        ],
      },
      now,
      origin: { diagnosticId: "D1" },
    },
  );
  assert.equal(queued.kind, "created");
  const requestTaskId = queued.kind === "created" ? queued.task.id : "";
  await store.putDiagnostic(
    newDiagnostic({
      id: "D1",
      deviceId,
      type: "IPPing",
      objectPath: object,
      arguments: { host: "example.net" },
      requestTaskId,
      now,
      timeoutMs: 600_000,
    }),
  );
  return { acs, store };
}

/** One session: Inform, empty POST, `answer` to each RPC; the RPCs the ACS sent. */
async function session(
  acs: ReturnType<typeof memorySession>,
  eventCode: string,
  answer: (method: string) => CpeMessage,
) {
  const opened = await acs.post(inform(eventCode));
  const sent: string[] = [];
  let step = await acs.post(null, opened.cookie);
  while (step.rpc) {
    sent.push(
      step.rpc.method === "GetParameterValues"
        ? `GPV ${step.rpc.parameterNames.join()}`
        : step.rpc.method,
    );
    step = await acs.post(answer(step.rpc.method), opened.cookie);
  }
  return sent;
}

describe("diagnostics in CWMP sessions", () => {
  it("SetParameterValues accepted -> running; 8 DIAGNOSTICS COMPLETE -> the object read, an error state fails it", async () => {
    // Prepare
    const { acs, store } = await requested();
    await session(acs, "6 CONNECTION REQUEST", () => ({
      method: "SetParameterValuesResponse",
      status: 0,
    }));
    const running = await store.getDiagnostic("D1");

    // Act
    const sent = await session(acs, "8 DIAGNOSTICS COMPLETE", () => ({
      method: "GetParameterValuesResponse",
      parameterList: [
        { name: `${object}DiagnosticsState`, value: "Error_Internal", type: "string" },
      ],
    }));

    // Assess
    assert.equal(running?.state, "running");
    assert.deepEqual(sent, [`GPV ${object}`]);
    const ended = await store.getDiagnostic("D1");
    assert.equal(ended?.state, "failed");
    assert.equal(ended?.failure?.cpeState, "Error_Internal");
    assert.ok(
      acs.events.some(
        (e) => e.type === "DiagnosticsCompleted" && e.diagnosticId === "D1" && e.state === "failed",
      ),
    );
    const claim = await store.claimDiagnostic({
      deviceId,
      type: "IPPing",
      diagnosticId: "D2",
      until: acs.clock.now() + 1,
      now: acs.clock.now(),
    });
    assert.equal(claim.claimed, true, "the type is free again");
  });

  it("8 DIAGNOSTICS COMPLETE before its SetParameterValues was accepted reads nothing (an earlier run's results)", async () => {
    // Prepare
    const { acs, store } = await requested();

    // Act
    const sent = await session(acs, "8 DIAGNOSTICS COMPLETE", () => ({
      method: "SetParameterValuesResponse",
      status: 0,
    }));

    // Assess
    assert.deepEqual(sent, ["SetParameterValues"]);
    assert.equal((await store.getDiagnostic("D1"))?.state, "running");
  });

  it("a diagnostic past its deadline found by a diagnostics session ends timedOut, nothing read", async () => {
    // Prepare
    const { acs, store } = await requested();
    await session(acs, "6 CONNECTION REQUEST", () => ({
      method: "SetParameterValuesResponse",
      status: 0,
    }));
    acs.advance(600_000);

    // Act
    const sent = await session(acs, "8 DIAGNOSTICS COMPLETE", () => assert.fail("nothing to read"));

    // Assess
    assert.deepEqual(sent, []);
    assert.equal((await store.getDiagnostic("D1"))?.state, "timedOut");
  });
});
