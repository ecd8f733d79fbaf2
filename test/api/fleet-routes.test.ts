import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createMemoryStores } from "../../functions/adapters/memory/index.ts";
import type { MemoryTable } from "../../functions/adapters/memory/memory-table.ts";
import { currentFleetSummary } from "../../functions/api/fleet-summary-snapshot.ts";
import { apiRig, t0 } from "./api-rig.ts";

const version = (v: string) => ({ "Device.DeviceInfo.SoftwareVersion": [v, "string"] as const });

/** Puts a device straight into a memory table. */
function addDevice(
  rig: { readonly table: MemoryTable },
  id: string,
  fields: { productClass: string; softwareVersion: string; url?: string; jid?: string },
) {
  rig.table.devices.set(id, {
    device: {
      id,
      manufacturer: "Acme",
      oui: "00D09E",
      productClass: fields.productClass,
      serialNumber: id,
      firstInformAt: t0,
      lastInformAt: t0,
      lastEvents: [],
      tags: [],
      informParameters: version(fields.softwareVersion),
      parameterGeneration: 0,
      ...(fields.url && { connectionRequestUrl: fields.url }),
      ...(fields.jid && { connReqJabberId: fields.jid }),
    },
    queue: new Map(),
  });
}

describe("GET /fleet/summary", () => {
  it("counts the fleet by product class, software version and readiness", async () => {
    // Prepare
    const rig = apiRig();
    addDevice(rig, "00D09E-HGW-1", { productClass: "HGW", softwareVersion: "1.0", jid: "a@x/c" });
    addDevice(rig, "00D09E-HGW-2", {
      productClass: "HGW",
      softwareVersion: "1.1",
      url: "http://192.0.2.2/",
    });
    addDevice(rig, "00D09E-ONT-3", { productClass: "ONT", softwareVersion: "1.1" });
    // Act
    const response = await rig.call("GET", "/fleet/summary");
    // Assess
    assert.equal(response.status, 200);
    assert.deepEqual(response.json, {
      generatedAt: new Date(t0).toISOString(),
      complete: true,
      devices: 3,
      seenLast24h: 3,
      byProductClass: [
        { value: "HGW", count: 2 },
        { value: "ONT", count: 1 },
      ],
      bySoftwareVersion: [
        { value: "1.1", count: 2 },
        { value: "1.0", count: 1 },
      ],
      connectionRequest: { xmppReady: 1, httpOnly: 1, unreachable: 1 },
    });
  });
});

describe("GET /devices", () => {
  it("lists each device's software version and connection-request readiness", async () => {
    // Prepare
    const rig = apiRig();
    addDevice(rig, "00D09E-HGW-1", { productClass: "HGW", softwareVersion: "1.0", jid: "a@x/c" });
    addDevice(rig, "00D09E-HGW-2", {
      productClass: "HGW",
      softwareVersion: "1.1",
      url: "http://192.0.2.2/",
    });
    // Act
    const response = await rig.call("GET", "/devices", { query: { limit: "10" } });
    // Assess
    const devices = response.json.devices as Record<string, unknown>[];
    const byId = Object.fromEntries(devices.map((device) => [device.id, device]));
    assert.equal(byId["00D09E-HGW-1"]?.connectionRequestReadiness, "xmpp-ready");
    assert.equal(byId["00D09E-HGW-1"]?.softwareVersion, "1.0");
    assert.equal(byId["00D09E-HGW-2"]?.connectionRequestReadiness, "http-only");
    assert.equal(byId["00D09E-HGW-2"]?.softwareVersion, "1.1");
  });
});

describe("currentFleetSummary", () => {
  const settings = { maxAgeMs: 300_000, budgetMs: 5_000, maxDevices: 1_000 };

  it("answers the saved summary while it is younger than maxAge, then counts again", async () => {
    // Prepare
    const { devices, table } = createMemoryStores();
    let now = t0;
    const deps = { devices, clock: { now: () => now } };
    const first = await currentFleetSummary(deps, settings);
    addDevice({ table }, "00D09E-HGW-1", { productClass: "HGW", softwareVersion: "1.0" });
    // Act
    now = t0 + 299_000;
    const reused = await currentFleetSummary(deps, settings);
    now = t0 + 300_000;
    const recounted = await currentFleetSummary(deps, settings);
    // Assess
    assert.equal(first.devices, 0);
    assert.deepEqual(reused, first);
    assert.equal(recounted.devices, 1);
    assert.deepEqual(await devices.loadFleetSummary(), recounted);
  });

  it("counts every time and saves nothing with maxAge 0", async () => {
    // Prepare
    const { devices } = createMemoryStores();
    const deps = { devices, clock: { now: () => t0 } };
    // Act
    await currentFleetSummary(deps, { ...settings, maxAgeMs: 0 });
    // Assess
    assert.equal(await devices.loadFleetSummary(), undefined);
  });
});
