import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createCrRecorder } from "../../functions/connection-request-service/create-cr-recorder.ts";
import type { ConnectionRequestStatus } from "../../functions/core/model/device.ts";
import { DeviceNotFoundError } from "../../functions/port-errors.ts";
import type { AcsEvent, DeviceStore } from "../../functions/ports.ts";
import { recordingLogger, t0 } from "./fixtures.ts";

type Recording = Pick<DeviceStore, "recordConnectionRequest" | "recordXmppAccount">;

function harness(options: { readonly deleted?: boolean } = {}) {
  const stored: Array<{ deviceId: string; status: ConnectionRequestStatus }> = [];
  const published: AcsEvent[] = [];
  const devices: Recording = {
    async recordConnectionRequest(deviceId, status) {
      if (options.deleted) throw new DeviceNotFoundError(deviceId);
      stored.push({ deviceId, status });
    },
    async recordXmppAccount() {},
  };
  const logger = recordingLogger();
  const events = { publish: async (batch: readonly AcsEvent[]) => void published.push(...batch) };
  return { recorder: createCrRecorder({ devices, events, logger }), stored, published, logger };
}

describe("createCrRecorder", () => {
  for (const outcome of ["failed", "expired"] as const) {
    it(`records a ${outcome} attempt, then publishes ConnectionRequestFailed`, async () => {
      // Prepare
      const { recorder, stored, published } = harness();
      const status: ConnectionRequestStatus = { at: t0, method: "http", outcome };

      // Act
      await recorder.attempt("dev-1", status);

      // Assess
      assert.deepEqual(stored, [{ deviceId: "dev-1", status }]);
      assert.deepEqual(published, [
        { type: "ConnectionRequestFailed", deviceId: "dev-1", at: t0, method: "http", outcome },
      ]);
    });
  }

  it("carries the request's attempts into ConnectionRequestFailed", async () => {
    // Prepare
    const { recorder, published } = harness();
    const attempts = [
      { method: "xmpp", outcome: "failed", detail: "xmpp session-down" },
      { method: "udp", outcome: "failed", detail: "udp no-address" },
    ] as const;

    // Act
    await recorder.attempt("dev-1", { at: t0, method: "udp", outcome: "failed", attempts });

    // Assess
    assert.deepEqual(published, [
      {
        type: "ConnectionRequestFailed",
        deviceId: "dev-1",
        at: t0,
        method: "udp",
        outcome: "failed",
        attempts,
      },
    ]);
  });

  for (const outcome of ["delivered", "fallback", "retry-scheduled"] as const) {
    it(`records a ${outcome} attempt without publishing`, async () => {
      // Prepare
      const { recorder, stored, published } = harness();

      // Act
      await recorder.attempt("dev-1", { at: t0, method: "xmpp", outcome });

      // Assess
      assert.equal(stored.length, 1);
      assert.deepEqual(published, []);
    });
  }

  it("neither throws nor publishes for a device deleted meanwhile", async () => {
    // Prepare
    const { recorder, published, logger } = harness({ deleted: true });

    // Act
    await recorder.attempt("gone", { at: t0, method: "http", outcome: "failed" });

    // Assess
    assert.deepEqual(published, []);
    assert.match(logger.text(), /device deleted before its connection request was recorded/);
  });
});
