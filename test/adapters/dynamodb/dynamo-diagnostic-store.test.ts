import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createDynamoDiagnosticStore } from "../../../functions/adapters/dynamodb/dynamo-diagnostic-store.ts";
import { createMemoryDiagnosticStore } from "../../../functions/adapters/memory/memory-diagnostic-store.ts";
import { newDiagnostic } from "../../../functions/core/diagnostics/diagnostic-lifecycle.ts";
import type { DiagnosticStore } from "../../../functions/ports.ts";
import { dynaliteForSuite } from "../../support/dynalite.ts";

const t0 = Date.UTC(2026, 11, 1, 12, 0, 0);
const record = (id: string, createdAt: number) =>
  newDiagnostic({
    id,
    deviceId: "dev-1",
    type: "IPPing",
    objectPath: "Device.IP.Diagnostics.IPPing.",
    arguments: { host: "example.net" },
    requestTaskId: `T${id}`,
    now: createdAt,
    timeoutMs: 600_000,
  });

/** The same rules on DynamoDB (dynalite) and on Maps. */
describe("DiagnosticStore (DynamoDB and memory)", () => {
  const suite = dynaliteForSuite("diag");
  const stores: [string, () => Promise<DiagnosticStore>][] = [
    ["dynamodb", async () => createDynamoDiagnosticStore(await suite.freshTable())],
    ["memory", async () => createMemoryDiagnosticStore()],
  ];
  for (const [name, create] of stores) {
    it(`${name}: one claim per device and type until released or lapsed`, async () => {
      // Prepare
      const store = await create();
      const claim = { deviceId: "dev-1", type: "IPPing" as const, until: t0 + 1000, now: t0 };
      await store.claimDiagnostic({ ...claim, diagnosticId: "A" });

      // Act
      const held = await store.claimDiagnostic({ ...claim, diagnosticId: "B" });
      const otherType = await store.claimDiagnostic({
        ...claim,
        type: "TraceRoute",
        diagnosticId: "C",
      });
      const lapsed = await store.claimDiagnostic({
        ...claim,
        diagnosticId: "D",
        now: t0 + 1000,
        until: t0 + 5000,
      });
      await store.releaseDiagnostic("dev-1", "IPPing", "A"); // not the holder any more: no effect
      const stillHeld = await store.claimDiagnostic({
        ...claim,
        diagnosticId: "E",
        now: t0 + 1000,
      });
      await store.releaseDiagnostic("dev-1", "IPPing", "D");
      const released = await store.claimDiagnostic({ ...claim, diagnosticId: "F", now: t0 + 1000 });

      // Assess
      assert.deepEqual(held, { claimed: false, activeId: "A" });
      assert.deepEqual(otherType, { claimed: true });
      assert.deepEqual(lapsed, { claimed: true });
      assert.deepEqual(stillHeld, { claimed: false, activeId: "D" });
      assert.deepEqual(released, { claimed: true });
    });

    it(`${name}: records read back, listed newest first, updated only from the expected state`, async () => {
      // Prepare
      const store = await create();
      await store.putDiagnostic(record("01", t0));
      await store.putDiagnostic(record("02", t0 + 10));
      await store.putDiagnostic(record("03", t0 + 20));

      // Act
      const listed = await store.listDiagnostics("dev-1", 2);
      const moved = await store.updateDiagnostic(
        { ...record("01", t0), state: "running" },
        "requested",
      );
      const stale = await store.updateDiagnostic(
        { ...record("01", t0), state: "failed" },
        "requested",
      );

      // Assess
      assert.deepEqual(
        listed.map((r) => r.id),
        ["03", "02"],
      );
      assert.deepEqual(await store.getDiagnostic("02"), record("02", t0 + 10));
      assert.equal(moved, true);
      assert.equal(stale, false);
      assert.equal((await store.getDiagnostic("01"))?.state, "running");
      assert.equal(await store.getDiagnostic("nope"), undefined);
    });
  }
});
