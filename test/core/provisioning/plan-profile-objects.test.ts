import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { StoredParameter } from "../../../functions/core/model/device.ts";
import {
  type ProfileMemory,
  planProfile,
} from "../../../functions/core/provisioning/plan-profile.ts";
import type { Profile } from "../../../functions/core/provisioning/profile.ts";

const connectionKey = "Device.XMPP.Connection.?Username=cpe-1";

/** A connection with a nested Server table, a reference to it, and a notification on it. */
const profile: Profile = {
  name: "nested",
  precondition: {},
  parameterValues: [],
  objects: [
    {
      table: "Device.XMPP.Connection.",
      match: { Username: "cpe-1" },
      parameterValues: [
        { name: "Username", value: "cpe-1", type: "string" },
        { name: "Enable", value: "true", type: "boolean" },
      ],
      objects: [
        {
          table: "Server.",
          match: { ServerAddress: "xmpp.test" },
          parameterValues: [
            { name: "ServerAddress", value: "xmpp.test", type: "string" },
            { name: "Port", value: "5222", type: "unsignedInt" },
          ],
        },
      ],
      referencedBy: ["Device.ManagementServer.ConnReqXMPPConnection"],
      notifications: [{ name: "Status", notification: 2 }],
    },
  ],
  notifications: [{ name: "Device.ManagementServer.ConnReqJabberID", notification: 1 }],
};

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

/** The device holds connection 1 for cpe-1, nothing known of its Server table. */
const withConnection = {
  "Device.XMPP.Connection.1.Username": "cpe-1",
  "Device.XMPP.Connection.1.Enable": "false",
};

describe("planProfile: nested objects", () => {
  it("fetches the nested table of the instance when nothing of it is known", () => {
    const step = planProfile(profile, knowing(withConnection), fresh);
    assert.deepEqual(step, {
      kind: "rpc",
      purpose: "fetch",
      rpc: {
        method: "GetParameterValues",
        parameterNames: ["Device.XMPP.Connection.1.Server."],
      },
    });
  });

  it("adds the nested instance once its table is known, keyed by its match", () => {
    const step = planProfile(profile, knowing(withConnection), {
      ...fresh,
      fetched: ["Device.XMPP.Connection.1.Server."],
    });
    const key = step.kind === "rpc" && step.rpc.method === "AddObject" && step.rpc.parameterKey;
    assert.match(key || "", /^nested\.[A-Za-z0-9_-]{8}$/, "the profile, then the instance");
    assert.deepEqual(step, {
      kind: "rpc",
      purpose: "add",
      table: "Device.XMPP.Connection.1.Server.",
      instanceKey: "Device.XMPP.Connection.1.Server.?ServerAddress=xmpp.test",
      rpc: {
        method: "AddObject",
        objectName: "Device.XMPP.Connection.1.Server.",
        parameterKey: key,
      },
    });
  });

  it("gives each instance of one table its own AddObject key, so both are sent in one session", () => {
    // Prepare: two server entries wanted where the CPE has none.
    const [connection] = profile.objects;
    const servers = connection?.objects?.[0];
    assert.ok(connection && servers);
    const second = { ...servers, match: { ServerAddress: "xmpp2.test" } };
    const two = { ...profile, objects: [{ ...connection, objects: [servers, second] }] };
    const memory = { ...fresh, fetched: ["Device.XMPP.Connection.1.Server."] };

    // Act
    const first = planProfile(two, knowing(withConnection), memory);
    const next = planProfile(two, knowing(withConnection), {
      ...memory,
      instances: {
        "Device.XMPP.Connection.1.Server.?ServerAddress=xmpp.test":
          "Device.XMPP.Connection.1.Server.1.",
      },
    });

    // Assess
    const keyOf = (step: typeof first) =>
      step.kind === "rpc" && step.rpc.method === "AddObject" ? step.rpc.parameterKey : undefined;
    assert.ok(keyOf(first) && keyOf(next));
    assert.notEqual(keyOf(first), keyOf(next));
  });

  it("adds the parent first, then the child of a fresh instance without fetching it", () => {
    const known = knowing({ "Device.XMPP.Connection.1.Username": "someone-else" });
    const table = "Device.XMPP.Connection.";
    known.set(table, { name: table, writable: true, learnedAt: 1 });
    const parent = planProfile(profile, known, fresh);
    assert.equal(parent.kind === "rpc" && parent.purpose, "add");
    assert.equal(parent.kind === "rpc" && parent.instanceKey, connectionKey);
    // applyProfileReply marks a fresh instance fetched: its tables are empty.
    const child = planProfile(profile, known, {
      ...fresh,
      instances: { [connectionKey]: "Device.XMPP.Connection.4." },
      fetched: ["Device.XMPP.Connection.4."],
    });
    assert.equal(child.kind === "rpc" && child.purpose, "add");
    const rpc = child.kind === "rpc" ? child.rpc : undefined;
    assert.equal(rpc?.method, "AddObject");
    assert.equal(rpc?.method === "AddObject" && rpc.objectName, "Device.XMPP.Connection.4.Server.");
    assert.match((rpc?.method === "AddObject" && rpc.parameterKey) || "", /^nested\./);
  });

  it("sets values made absolute, the reference without a trailing dot, in one SPV", () => {
    const step = planProfile(profile, knowing(withConnection), {
      ...fresh,
      fetched: ["Device.XMPP.Connection.1.Server."],
      instances: {
        "Device.XMPP.Connection.1.Server.?ServerAddress=xmpp.test":
          "Device.XMPP.Connection.1.Server.3.",
      },
    });
    assert.deepEqual(step, {
      kind: "rpc",
      purpose: "set",
      rpc: {
        method: "SetParameterValues",
        parameterList: [
          { name: "Device.XMPP.Connection.1.Enable", value: "true", type: "boolean" },
          {
            name: "Device.ManagementServer.ConnReqXMPPConnection",
            value: "Device.XMPP.Connection.1",
            type: "string",
          },
          {
            name: "Device.XMPP.Connection.1.Server.3.ServerAddress",
            value: "xmpp.test",
            type: "string",
          },
          { name: "Device.XMPP.Connection.1.Server.3.Port", value: "5222", type: "unsignedInt" },
        ],
        parameterKey: "nested",
      },
      secretNames: [],
    });
  });

  it("uses an existing nested instance whose match holds instead of adding one", () => {
    const step = planProfile(
      profile,
      knowing({
        ...withConnection,
        "Device.XMPP.Connection.1.Server.1.ServerAddress": "other.test",
        "Device.XMPP.Connection.1.Server.2.ServerAddress": "xmpp.test",
      }),
      fresh,
    );
    assert.equal(step.kind === "rpc" && step.purpose, "set");
    const names =
      step.kind === "rpc" && step.rpc.method === "SetParameterValues"
        ? step.rpc.parameterList.map((p) => p.name)
        : [];
    assert.ok(names.includes("Device.XMPP.Connection.1.Server.2.Port"), names.join());
    assert.ok(!names.some((name) => name.includes(".Server.1.")), names.join());
    assert.ok(!names.includes("Device.XMPP.Connection.1.Server.2.ServerAddress"), "already holds");
  });

  it("sets per-object notifications made absolute once every value holds, then converges", () => {
    const known = knowing({
      "Device.XMPP.Connection.1.Username": "cpe-1",
      "Device.XMPP.Connection.1.Enable": "true",
      "Device.ManagementServer.ConnReqXMPPConnection": "Device.XMPP.Connection.1",
      "Device.XMPP.Connection.1.Server.2.ServerAddress": "xmpp.test",
      "Device.XMPP.Connection.1.Server.2.Port": "5222",
    });
    const step = planProfile(profile, known, fresh);
    assert.equal(step.kind === "rpc" && step.purpose, "notify");
    assert.deepEqual(
      step.kind === "rpc" && step.rpc.method === "SetParameterAttributes"
        ? step.rpc.parameterList.map((p) => [p.name, p.notification, p.notificationChange])
        : undefined,
      [
        ["Device.ManagementServer.ConnReqJabberID", 1, true],
        ["Device.XMPP.Connection.1.Status", 2, true],
      ],
    );
    const partly = planProfile(profile, known, {
      ...fresh,
      notificationsSet: ["Device.ManagementServer.ConnReqJabberID=1"],
    });
    assert.deepEqual(
      partly.kind === "rpc" && partly.rpc.method === "SetParameterAttributes"
        ? partly.rpc.parameterList.map((p) => p.name)
        : undefined,
      ["Device.XMPP.Connection.1.Status"],
    );
    const done = planProfile(profile, known, {
      ...fresh,
      notificationsSet: [
        "Device.ManagementServer.ConnReqJabberID=1",
        "Device.XMPP.Connection.1.Status=2",
      ],
    });
    assert.deepEqual(done, { kind: "converged" });
  });

  it("tells two entries of one nested table apart by their match", () => {
    const two: Profile = {
      ...profile,
      objects: profile.objects.map((object) => ({
        ...object,
        objects: [
          { table: "Server.", match: { ServerAddress: "a.test" }, parameterValues: [] },
          { table: "Server.", match: { ServerAddress: "b.test" }, parameterValues: [] },
        ],
      })),
    };
    const memory = { ...fresh, fetched: ["Device.XMPP.Connection.1.Server."] };
    const first = planProfile(two, knowing(withConnection), memory);
    assert.equal(
      first.kind === "rpc" && first.instanceKey,
      "Device.XMPP.Connection.1.Server.?ServerAddress=a.test",
    );
    const second = planProfile(two, knowing(withConnection), {
      ...memory,
      instances: {
        "Device.XMPP.Connection.1.Server.?ServerAddress=a.test":
          "Device.XMPP.Connection.1.Server.1.",
      },
    });
    assert.equal(
      second.kind === "rpc" && second.instanceKey,
      "Device.XMPP.Connection.1.Server.?ServerAddress=b.test",
    );
  });
});

describe("planProfile: precondition parameters", () => {
  const guarded: Profile = {
    ...profile,
    requires: ["Device.XMPP."],
    precondition: { parameters: { "Device.DeviceInfo.ModelName": "X1" } },
  };
  /** The probe of the required object was answered. */
  const probed: ProfileMemory = { ...fresh, fetched: ["Device.XMPP."] };

  it("probes the required paths and the precondition parameters still unknown", () => {
    assert.deepEqual(planProfile(guarded, knowing({}), fresh), {
      kind: "rpc",
      purpose: "probe",
      rpc: {
        method: "GetParameterValues",
        parameterNames: ["Device.XMPP.", "Device.DeviceInfo.ModelName"],
      },
    });
    const partly = planProfile(guarded, knowing(withConnection), probed);
    assert.deepEqual(partly.kind === "rpc" && partly.rpc, {
      method: "GetParameterValues",
      parameterNames: ["Device.DeviceInfo.ModelName"],
    });
  });

  it("does not probe a precondition value already known", () => {
    const known = knowing({ "Device.DeviceInfo.ModelName": "X1" });
    assert.deepEqual(planProfile(guarded, known, fresh), {
      kind: "rpc",
      purpose: "probe",
      rpc: { method: "GetParameterValues", parameterNames: ["Device.XMPP."] },
    });
  });

  it("is not applicable when a precondition value differs", () => {
    const known = knowing({ ...withConnection, "Device.DeviceInfo.ModelName": "X2" });
    assert.deepEqual(planProfile(guarded, known, probed), {
      kind: "not-applicable",
      reason: 'Device.DeviceInfo.ModelName is not "X1"',
    });
  });

  it("goes on with the profile when the precondition value matches", () => {
    const known = knowing({ ...withConnection, "Device.DeviceInfo.ModelName": "X1" });
    const step = planProfile(guarded, known, probed);
    // Device.XMPP. was fetched whole: its empty Server table needs no fetch, an instance next.
    assert.equal(step.kind === "rpc" && step.purpose, "add");
  });
});

describe("planProfile: what counts as fetched", () => {
  it("a fetched parameter name does not make a longer name known", () => {
    const leafy: Profile = {
      name: "leafy",
      precondition: {},
      requires: ["Device.ManagementServer.PeriodicInformEnable"],
      parameterValues: [
        { name: "Device.ManagementServer.PeriodicInformEnableExtra", value: "1", type: "string" },
      ],
      objects: [],
      notifications: [],
    };
    const known = knowing({ "Device.ManagementServer.PeriodicInformEnable": "true" });
    const step = planProfile(leafy, known, {
      ...fresh,
      fetched: ["Device.ManagementServer.PeriodicInformEnable"],
    });
    assert.deepEqual(step, {
      kind: "rpc",
      purpose: "fetch",
      rpc: {
        method: "GetParameterValues",
        parameterNames: ["Device.ManagementServer.PeriodicInformEnableExtra"],
      },
    });
  });

  it("a fetched object covers every path below it", () => {
    const step = planProfile(profile, knowing({}), {
      ...fresh,
      fetched: ["Device.XMPP."],
    });
    assert.equal(step.kind === "rpc" && step.purpose, "add");
  });
});
