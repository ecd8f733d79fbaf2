import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { deviceIdOf } from "../../../functions/core/model/device-id.ts";
import type { Clock } from "../../../functions/ports.ts";
import { type CreateStores, informFacts, sessionState, t0 } from "./fixtures.ts";

const hourMs = 3_600_000;
const fixedClock: Clock = { now: () => t0 };

/** summarizeFleet at t0 with room to spare (1000 devices, a minute) unless `budget` says less. */
function summarize(
  stores: Awaited<ReturnType<CreateStores>>,
  budget: { readonly maxDevices?: number; readonly deadline?: number } = {},
) {
  return stores.devices.summarizeFleet({
    now: t0,
    maxDevices: 1000,
    deadline: t0 + 60_000,
    clock: fixedClock,
    ...budget,
  });
}

/** Three devices across product classes, versions, CR addresses and Inform times. */
async function registerMixedFleet(stores: Awaited<ReturnType<CreateStores>>) {
  const xmpp = deviceIdOf({ oui: "00259E", productClass: "HG8245H", serialNumber: "X1" });
  const http = deviceIdOf({ oui: "00259E", productClass: "HG8245H", serialNumber: "H1" });
  const silent = deviceIdOf({ oui: "A0B1C2", productClass: "IGD", serialNumber: "S1" });
  const version = (v: string) => ({
    "Device.DeviceInfo.SoftwareVersion": [v, "string"] as const,
  });
  const inform = async (id: string, at: number, overrides: Parameters<typeof informFacts>[1]) => {
    const session = sessionState(id, `s-${id}`, at);
    await stores.devices.openSession(informFacts(id, overrides), session, at);
    await stores.devices.closeSession(session, {}, at + 1);
  };
  await inform(xmpp, t0 - hourMs, {
    informParameters: version("2.0"),
    connReqJabberId: "cpe-x1@xmpp.example/cwmp",
  });
  await inform(http, t0 - 2 * hourMs, { informParameters: version("1.0") });
  const { connectionRequestUrl: _url, ...withoutUrl } = informFacts(silent, {
    informParameters: version("1.0"),
  });
  const session = sessionState(silent, "s-silent", t0 - 30 * hourMs);
  await stores.devices.openSession(withoutUrl, session, t0 - 30 * hourMs);
  await stores.devices.closeSession(session, {}, t0 - 30 * hourMs + 1);
}

/** DeviceStore.summarizeFleet and the saved snapshot, the same on every adapter. */
export function fleetSummaryContract(createStores: CreateStores): void {
  describe("summarizeFleet", () => {
    it("counts devices by product class, software version, readiness and last Inform", async () => {
      // Prepare
      const stores = await createStores();
      await registerMixedFleet(stores);
      // Act
      const summary = await summarize(stores);
      // Assess
      assert.deepEqual(summary, {
        generatedAt: t0,
        complete: true,
        devices: 3,
        seenLast24h: 2,
        byProductClass: [
          { value: "HG8245H", count: 2 },
          { value: "IGD", count: 1 },
        ],
        bySoftwareVersion: [
          { value: "1.0", count: 2 },
          { value: "2.0", count: 1 },
        ],
        connectionRequest: { xmppReady: 1, httpOnly: 1, unreachable: 1 },
      });
    });

    it("answers complete: false when the time budget is spent", async () => {
      // Prepare
      const stores = await createStores();
      await registerMixedFleet(stores);
      // Act
      const summary = await summarize(stores, { deadline: t0 });
      // Assess
      assert.equal(summary.complete, false);
    });

    it("reads no page once the device budget is spent, answering complete: false", async () => {
      // Prepare
      const stores = await createStores();
      await registerMixedFleet(stores);
      // Act
      const summary = await summarize(stores, { maxDevices: 0 });
      // Assess
      assert.equal(summary.complete, false);
      assert.equal(summary.devices, 0);
    });

    it("keeps the saved summary until replaced", async () => {
      // Prepare
      const stores = await createStores();
      const before = await stores.devices.loadFleetSummary();
      await registerMixedFleet(stores);
      const summary = await summarize(stores);
      // Act
      await stores.devices.saveFleetSummary(summary);
      // Assess
      assert.equal(before, undefined);
      assert.deepEqual(await stores.devices.loadFleetSummary(), summary);
    });
  });
}
