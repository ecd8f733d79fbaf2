import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { StoredParameter } from "../../../functions/core/model/device.ts";
import {
  type ProfileMemory,
  planProfile,
} from "../../../functions/core/provisioning/plan-profile.ts";
import type { Profile } from "../../../functions/core/provisioning/profile.ts";

const profile: Profile = {
  name: "xmpp-cr",
  precondition: {},
  parameterValues: [
    {
      name: "Device.ManagementServer.ConnReqAllowedJabberIDs",
      value: "acs@xmpp.test",
      type: "string",
    },
  ],
  objects: [
    {
      table: "Device.XMPP.Connection.",
      match: { Username: "cpe-1" },
      parameterValues: [
        { name: "Enable", value: "true", type: "boolean" },
        { name: "Username", value: "cpe-1", type: "string" },
      ],
    },
  ],
  notifications: [{ name: "Device.ManagementServer.ConnReqJabberID", notification: 2 }],
};

const fresh: ProfileMemory = {
  fetched: [],
  notificationsSet: [],
  addObjectRefused: [],
  instances: {},
  secretsApplied: {},
};

function knowing(values: Record<string, string | undefined>): Map<string, StoredParameter> {
  return new Map(
    Object.entries(values).map(([name, value]) => [
      name,
      value === undefined ? { name, learnedAt: 1 } : { name, value, type: "string", learnedAt: 1 },
    ]),
  );
}

describe("planProfile", () => {
  it("fetches everything unknown in one GetParameterValues", () => {
    const step = planProfile(profile, knowing({}), fresh);
    assert.deepEqual(step, {
      kind: "rpc",
      purpose: "fetch",
      rpc: {
        method: "GetParameterValues",
        parameterNames: [
          "Device.ManagementServer.ConnReqAllowedJabberIDs",
          "Device.XMPP.Connection.",
        ],
      },
    });
  });

  it("learns whether a table with other instances takes AddObject, then adds one", () => {
    const known = knowing({
      "Device.ManagementServer.ConnReqAllowedJabberIDs": "",
      "Device.XMPP.Connection.1.Username": "someone-else",
    });
    const list = planProfile(profile, known, fresh);
    assert.deepEqual(list.kind === "rpc" && list.rpc, {
      method: "GetParameterNames",
      parameterPath: "Device.XMPP.",
      nextLevel: false,
    });
    const table = "Device.XMPP.Connection.";
    known.set(table, { name: table, writable: true, learnedAt: 2 });
    const step = planProfile(profile, known, { ...fresh, listed: ["Device.XMPP."] });
    assert.equal(step.kind === "rpc" && step.rpc.method, "AddObject");
    assert.equal(step.kind === "rpc" && step.instanceKey, "Device.XMPP.Connection.?Username=cpe-1");
  });

  it("configures the first instance of a table GetParameterNames shows as fixed", () => {
    const table = "Device.XMPP.Connection.";
    const known = knowing({
      "Device.ManagementServer.ConnReqAllowedJabberIDs": "",
      "Device.XMPP.Connection.1.Username": "someone-else",
    });
    known.set(table, { name: table, writable: false, learnedAt: 2 });
    const step = planProfile(profile, known, { ...fresh, listed: ["Device.XMPP."] });
    assert.equal(step.kind === "rpc" && step.rpc.method, "SetParameterValues");
    assert.ok(
      step.kind === "rpc" &&
        step.rpc.method === "SetParameterValues" &&
        step.rpc.parameterList.some((p) => p.name === "Device.XMPP.Connection.1.Username"),
    );
  });

  it("counts a fetched empty table as known (no fetch loop)", () => {
    const known = knowing({ "Device.ManagementServer.ConnReqAllowedJabberIDs": "" });
    const before = planProfile(profile, known, fresh);
    assert.deepEqual(before.kind === "rpc" && before.rpc, {
      method: "GetParameterValues",
      parameterNames: ["Device.XMPP.Connection."],
    });
    const after = planProfile(profile, known, { ...fresh, fetched: ["Device.XMPP.Connection."] });
    assert.equal(after.kind === "rpc" && after.rpc.method, "AddObject");
  });

  it("probes required paths first and stops where a precondition value differs", () => {
    const guarded: Profile = {
      ...profile,
      requires: ["Device.XMPP."],
      precondition: {
        parametersInclude: { "Device.ManagementServer.SupportedConnReqMethods": "XMPP" },
      },
    };
    const probe = planProfile(guarded, knowing({}), fresh);
    assert.equal(probe.kind === "rpc" && probe.purpose, "probe");
    const without = knowing({
      "Device.XMPP.SupportedServerConnectAlgorithms": "DNS-SRV",
      "Device.ManagementServer.SupportedConnReqMethods": "HTTP, STUN",
    });
    const probed = { ...fresh, fetched: ["Device.XMPP."] };
    assert.deepEqual(planProfile(guarded, without, probed), {
      kind: "not-applicable",
      reason: 'Device.ManagementServer.SupportedConnReqMethods does not include "XMPP"',
    });
    const absent = knowing({ "Device.XMPP.SupportedServerConnectAlgorithms": "DNS-SRV" });
    const next = planProfile(guarded, absent, probed);
    assert.equal(next.kind === "rpc" && next.purpose, "fetch", "absent list: no objection");
  });

  it("holds a secret once it was set, whatever the CPE reads back", () => {
    const secret: Profile = {
      ...profile,
      objects: [],
      notifications: [],
      parameterValues: [
        {
          name: "Device.ManagementServer.ConnectionRequestPassword",
          value: "pw",
          type: "string",
          secret: true,
        },
      ],
    };
    const known = knowing({ "Device.ManagementServer.ConnectionRequestPassword": "" });
    const set = planProfile(secret, known, fresh);
    assert.equal(set.kind === "rpc" && set.purpose, "set");
    assert.deepEqual(set.kind === "rpc" && set.secretNames, [
      "Device.ManagementServer.ConnectionRequestPassword",
    ]);
  });

  it("sets every differing value in one SetParameterValues, on the instance it created", () => {
    const known = knowing({
      "Device.ManagementServer.ConnReqAllowedJabberIDs": "",
      "Device.XMPP.Connection.1.Username": "someone-else",
      "Device.XMPP.Connection.2.": undefined,
    });
    const step = planProfile(profile, known, {
      ...fresh,
      instances: { "Device.XMPP.Connection.?Username=cpe-1": "Device.XMPP.Connection.2." },
    });
    assert.deepEqual(step.kind === "rpc" && step.rpc, {
      method: "SetParameterValues",
      parameterList: [
        {
          name: "Device.ManagementServer.ConnReqAllowedJabberIDs",
          value: "acs@xmpp.test",
          type: "string",
        },
        { name: "Device.XMPP.Connection.2.Enable", value: "true", type: "boolean" },
        { name: "Device.XMPP.Connection.2.Username", value: "cpe-1", type: "string" },
      ],
      parameterKey: "xmpp-cr",
    });
  });

  it("uses the fixed instance of a CPE that refused AddObject", () => {
    const known = knowing({
      "Device.ManagementServer.ConnReqAllowedJabberIDs": "acs@xmpp.test",
      "Device.XMPP.Connection.1.Username": "",
    });
    const step = planProfile(profile, known, {
      ...fresh,
      addObjectRefused: ["Device.XMPP.Connection."],
    });
    assert.equal(
      step.kind === "rpc" &&
        step.rpc.method === "SetParameterValues" &&
        step.rpc.parameterList[0]?.name,
      "Device.XMPP.Connection.1.Enable",
    );
  });

  it("sets notification attributes once, then reports convergence", () => {
    const known = knowing({
      "Device.ManagementServer.ConnReqAllowedJabberIDs": "acs@xmpp.test",
      "Device.XMPP.Connection.1.Username": "cpe-1",
      "Device.XMPP.Connection.1.Enable": "true",
    });
    const notify = planProfile(profile, known, fresh);
    assert.equal(notify.kind === "rpc" && notify.purpose, "notify");
    const done = planProfile(profile, known, {
      ...fresh,
      notificationsSet: ["Device.ManagementServer.ConnReqJabberID=2"],
    });
    assert.deepEqual(done, { kind: "converged" });
  });
});
