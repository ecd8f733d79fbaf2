import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createMemoryStores } from "../../functions/adapters/memory/index.ts";
import {
  type ApiDeps,
  apiGatewayTimeoutSeconds,
  defaultApiLimits,
  maxWaitWithin,
} from "../../functions/api/api-deps.ts";
import type { ApiResponse } from "../../functions/api/api-http.ts";
import { connectionRequestRoutes } from "../../functions/api/routes/connection-request-routes.ts";
import type { ConnectionRequestStatus } from "../../functions/core/model/device.ts";
import { deviceRecord } from "../connection-request-service/fixtures.ts";

const deviceId = "00D09E-HGW-S1";
const t0 = 1_800_000_000_000;

/** What the sender and the device do, at a given number of ms after the API call. */
type Step =
  | { readonly afterMs: number; readonly record: Omit<ConnectionRequestStatus, "at"> }
  | { readonly afterMs: number; readonly inform: true };

/**
 * The route over memory stores with a simulated clock: every poll's sleep moves the clock and
 * plays the steps that are due, as the sender and the CPE would meanwhile.
 */
function rig(steps: readonly Step[]) {
  const { table, ...stores } = createMemoryStores();
  const { taskQueue: _queue, ...device } = deviceRecord({ id: deviceId });
  table.devices.set(deviceId, { device, queue: new Map() });
  let now = t0;
  const pending = [...steps];
  const play = async (): Promise<void> => {
    while (pending[0] !== undefined && t0 + pending[0].afterMs <= now) {
      const step = pending.shift() as Step;
      const at = t0 + step.afterMs;
      if ("record" in step)
        await stores.devices.recordConnectionRequest(deviceId, { at, ...step.record });
      else {
        const row = table.devices.get(deviceId);
        if (row) row.device = { ...row.device, lastInformAt: at };
      }
    }
  };
  const deps = {
    ...stores,
    clock: { now: () => now },
    sleep: async (ms: number) => {
      now += ms;
      await play();
    },
    connectionRequests: { send: async () => undefined },
    logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
    // A timeout of 29 s (the local ACS's bound) lets these timelines run 10 s.
    limits: {
      ...defaultApiLimits,
      pollIntervalMs: 100,
      maxWaitSeconds: maxWaitWithin(apiGatewayTimeoutSeconds),
    },
  } as unknown as ApiDeps;
  const [route] = connectionRequestRoutes(deps);
  return {
    call: (wait: number): Promise<ApiResponse> =>
      (route as NonNullable<typeof route>).handle(
        {
          method: "POST",
          path: `/devices/${deviceId}/connection-request`,
          query: { wait: String(wait) },
          headers: {},
          body: undefined,
          principal: { id: "test", role: "admin", source: "token" },
        },
        { id: deviceId },
      ),
    elapsedMs: () => now - t0,
  };
}

const xmppFallback = {
  method: "xmpp",
  outcome: "fallback",
  detail: "xmpp service-unavailable",
} as const;
const httpDelivered = {
  method: "http",
  outcome: "delivered",
  detail: "http 204; after xmpp service-unavailable",
} as const;

describe("POST /devices/{id}/connection-request?wait", () => {
  it("waits past the XMPP fallback for the HTTP delivery and the session", async () => {
    // Prepare
    const api = rig([
      { afterMs: 300, record: xmppFallback },
      { afterMs: 2_300, record: httpDelivered },
      { afterMs: 2_800, inform: true },
    ]);

    // Act
    const response = await api.call(10);

    // Assess
    const body = JSON.parse(response.body);
    assert.equal(response.status, 200);
    assert.deepEqual(
      [body.outcome.method, body.outcome.outcome, body.sessionStarted, body.final],
      ["http", "delivered", true, true],
    );
    assert.ok(api.elapsedMs() >= 2_800 && api.elapsedMs() < 10_000, `${api.elapsedMs()}`);
  });

  it("answers a failure on every method as final without waiting for a session", async () => {
    // Prepare
    const api = rig([
      { afterMs: 300, record: xmppFallback },
      { afterMs: 1_000, record: { method: "http", outcome: "failed", detail: "http 404" } },
    ]);

    // Act
    const response = await api.call(10);

    // Assess
    const body = JSON.parse(response.body);
    assert.deepEqual(
      [body.outcome.outcome, body.sessionStarted, body.final],
      ["failed", false, true],
    );
    assert.ok(api.elapsedMs() < 10_000);
  });

  it("marks the answer not final when the wait runs out during the fallback", async () => {
    // Prepare
    const api = rig([
      { afterMs: 300, record: xmppFallback },
      { afterMs: 5_000, record: httpDelivered },
    ]);

    // Act
    const response = await api.call(2);

    // Assess
    const body = JSON.parse(response.body);
    assert.equal(response.status, 200);
    assert.deepEqual([body.outcome.outcome, body.final], ["fallback", false]);
  });

  it("marks a delivery not final while the device has not come in", async () => {
    // Prepare
    const api = rig([{ afterMs: 300, record: { method: "http", outcome: "delivered" } }]);

    // Act
    const response = await api.call(2);

    // Assess
    const body = JSON.parse(response.body);
    assert.deepEqual(
      [body.outcome.outcome, body.sessionStarted, body.final],
      ["delivered", false, false],
    );
  });

  it("keeps waiting while a busy CPE's retry is scheduled", async () => {
    // Prepare
    const api = rig([
      { afterMs: 300, record: { method: "http", outcome: "retry-scheduled" } },
      { afterMs: 4_000, record: { method: "http", outcome: "delivered" } },
      { afterMs: 4_500, inform: true },
    ]);

    // Act
    const response = await api.call(10);

    // Assess
    const body = JSON.parse(response.body);
    assert.deepEqual([body.outcome.outcome, body.final], ["delivered", true]);
  });

  it("answers 202 with nothing known when the sender recorded nothing in time", async () => {
    // Prepare
    const api = rig([]);

    // Act
    const response = await api.call(1);

    // Assess
    const body = JSON.parse(response.body);
    assert.equal(response.status, 202);
    assert.deepEqual([body.outcome, body.sessionStarted, body.final], [null, false, false]);
  });
});
