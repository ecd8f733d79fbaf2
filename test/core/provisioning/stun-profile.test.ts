import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { StoredParameter } from "../../../functions/core/model/device.ts";
import {
  type ProfileMemory,
  planProfile,
} from "../../../functions/core/provisioning/plan-profile.ts";
import { stunProfile, stunProfileName } from "../../../functions/core/provisioning/stun-profile.ts";

const settings = { serverAddress: "203.0.113.7", serverPort: 3478, keepAliveSeconds: 30 };
const device = { id: "00D09E-HGW-S1", stunPassword: "stun-pw" };
const fresh: ProfileMemory = {
  fetched: [],
  notificationsSet: [],
  addObjectRefused: [],
  instances: {},
  secretsApplied: {},
};

function knowing(values: Record<string, string>): Map<string, StoredParameter> {
  return new Map(
    Object.entries(values).map(([name, value]) => [
      name,
      { name, value, type: "string", learnedAt: 1 },
    ]),
  );
}

describe("stunProfile", () => {
  for (const root of ["Device.", "InternetGatewayDevice."]) {
    it(`sets STUN on, the server, the device's username and sealed password under ${root}`, () => {
      const profile = stunProfile(settings, root, device);

      assert.equal(profile.name, stunProfileName);
      assert.ok(profile.name.startsWith("builtin-"), "reserved: API profiles cannot shadow it");
      assert.deepEqual(profile.precondition, { root });
      assert.deepEqual(profile.requires, [`${root}ManagementServer.STUNEnable`]);
      assert.deepEqual(
        profile.parameterValues.map(({ name, value, secret }) => [name, value, secret === true]),
        [
          [`${root}ManagementServer.STUNEnable`, "true", false],
          [`${root}ManagementServer.STUNServerAddress`, "203.0.113.7", false],
          [`${root}ManagementServer.STUNServerPort`, "3478", false],
          [`${root}ManagementServer.STUNUsername`, "00D09E-HGW-S1", false],
          [`${root}ManagementServer.STUNPassword`, "stun-pw", true],
          [`${root}ManagementServer.STUNMinimumKeepAlivePeriod`, "30", false],
        ],
      );
      assert.deepEqual(profile.notifications, [
        { name: `${root}ManagementServer.UDPConnectionRequestAddress`, notification: 2 },
      ]);
    });
  }

  it("probes STUNEnable first and is not applicable when the model does not prove it", () => {
    const profile = stunProfile(settings, "Device.", device);

    const probe = planProfile(profile, knowing({}), fresh);
    const without = planProfile(
      profile,
      knowing({ "Device.ManagementServer.URL": "https://acs" }),
      { ...fresh, fetched: ["Device.ManagementServer.STUNEnable"] },
    );

    assert.equal(probe.kind === "rpc" && probe.purpose, "probe");
    assert.deepEqual(probe.kind === "rpc" && probe.rpc, {
      method: "GetParameterValues",
      parameterNames: ["Device.ManagementServer.STUNEnable"],
    });
    assert.equal(without.kind, "not-applicable");
  });

  it("sets what differs (the password as a secret), then the active notification", () => {
    const profile = stunProfile(settings, "Device.", device);
    const known = knowing({
      "Device.ManagementServer.STUNEnable": "false",
      "Device.ManagementServer.STUNServerAddress": "",
      "Device.ManagementServer.STUNServerPort": "3478",
      "Device.ManagementServer.STUNUsername": "",
      "Device.ManagementServer.STUNPassword": "",
      "Device.ManagementServer.STUNMinimumKeepAlivePeriod": "0",
    });

    const set = planProfile(profile, known, fresh);

    assert.equal(set.kind === "rpc" && set.purpose, "set");
    assert.deepEqual(set.kind === "rpc" && set.secretNames, [
      "Device.ManagementServer.STUNPassword",
    ]);
    assert.equal(
      set.kind === "rpc" &&
        set.rpc.method === "SetParameterValues" &&
        set.rpc.parameterList.some((p) => p.name === "Device.ManagementServer.STUNServerPort"),
      false,
      "an equal value is not set again",
    );
  });
});
