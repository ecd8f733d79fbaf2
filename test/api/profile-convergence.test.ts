import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { countConvergence } from "../../functions/api/profile-convergence.ts";
import type { DeviceRecord } from "../../functions/core/model/device.ts";
import type { ProfileStatus } from "../../functions/core/model/profile-state.ts";
import type { Profile } from "../../functions/core/provisioning/profile.ts";
import { freshProfileState } from "../../functions/core/provisioning/profile-state.ts";
import type { DeviceQuery } from "../../functions/ports.ts";
import { deviceRecord } from "../connection-request-service/fixtures.ts";

function profile(name: string, precondition: Profile["precondition"] = {}): Profile {
  return { name, precondition, parameterValues: [], objects: [], notifications: [] };
}

function withStatus(serial: string, standing: Record<string, ProfileStatus>): DeviceRecord {
  const provisioning = Object.fromEntries(
    Object.entries(standing).map(([name, status]) => [
      name,
      { ...freshProfileState(0, "h", 0), status },
    ]),
  );
  return deviceRecord({ id: `00D09E-HGW-${serial}`, serialNumber: serial, provisioning });
}

/** listDevices over an array, `limit` at a time; records the queries it answered. */
function registry(devices: readonly DeviceRecord[]) {
  const queries: DeviceQuery[] = [];
  return {
    queries,
    listDevices: async (query: DeviceQuery) => {
      queries.push(query);
      const from = Number(query.cursor ?? 0);
      const to = from + query.limit;
      return {
        devices: devices.slice(from, to),
        ...(to < devices.length && { cursor: String(to) }),
      };
    },
  };
}

describe("countConvergence", () => {
  it("counts each profile's standing over every device, page by page", async () => {
    // Prepare
    const devices = registry([
      withStatus("S1", { wifi: "converged", acl: "faulted" }),
      withStatus("S2", { wifi: "pending" }),
      withStatus("S3", { wifi: "converged", acl: "not-applicable" }),
    ]);
    const profiles = [profile("wifi"), profile("acl", { productClass: "ONT" })];
    // Act
    const result = await countConvergence(devices, profiles, { maxDevices: 10, pageSize: 2 });
    // Assess
    assert.deepEqual(result, {
      devicesCounted: 3,
      complete: true,
      byProfile: {
        wifi: {
          converged: 2,
          pending: 1,
          faulted: 0,
          notApplicable: 0,
          waiting: 0,
          notMatching: 0,
        },
        acl: { converged: 0, pending: 0, faulted: 1, notApplicable: 1, waiting: 0, notMatching: 1 },
      },
    });
    assert.deepEqual(
      devices.queries.map((q) => [q.limit, q.cursor]),
      [
        [2, undefined],
        [2, "2"],
      ],
    );
  });

  it("counts an untouched device as waiting unless its identity rules it out", async () => {
    // Prepare
    const devices = registry([withStatus("S1", {}), withStatus("X1", {})]);
    // Act
    const result = await countConvergence(devices, [
      profile("boot", { events: ["1 BOOT"], serialPrefix: "S" }),
    ]);
    // Assess
    assert.equal(result.byProfile.boot?.waiting, 1);
    assert.equal(result.byProfile.boot?.notMatching, 1);
  });

  it("stops at the bound and says the counts are incomplete", async () => {
    // Prepare
    const devices = registry(
      Array.from({ length: 7 }, (_, i) => withStatus(`S${i}`, { wifi: "converged" })),
    );
    // Act
    const result = await countConvergence(devices, [profile("wifi")], {
      maxDevices: 5,
      pageSize: 2,
    });
    // Assess
    assert.equal(result.devicesCounted, 5);
    assert.equal(result.complete, false);
    assert.equal(result.byProfile.wifi?.converged, 5);
    assert.deepEqual(
      devices.queries.map((q) => q.limit),
      [2, 2, 1],
    );
  });
});
