import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { AcsMessage } from "../../../functions/core/cwmp/acs-messages.ts";
import type { CpeMessage, CwmpFault } from "../../../functions/core/cwmp/cpe-messages.ts";
import type { ProfileState } from "../../../functions/core/model/profile-state.ts";
import { applyProfileReply } from "../../../functions/core/provisioning/apply-profile-reply.ts";
import type {
  ProfileStep,
  StepPurpose,
} from "../../../functions/core/provisioning/plan-profile.ts";
import {
  freshProfileState,
  type ProfileTiming,
} from "../../../functions/core/provisioning/profile-state.ts";
import { secretFingerprint } from "../../../functions/core/provisioning/secret-fingerprint.ts";

type RpcStep = Extract<ProfileStep, { kind: "rpc" }>;

const timing: ProfileTiming = { faultBackoffMs: 1_000, maxFaultBackoffMs: 60_000, recheckMs: 1 };
const now = 5_000_000;
const context = { now, timing };

function step(purpose: StepPurpose, rpc: AcsMessage, extra: Partial<RpcStep> = {}): RpcStep {
  return { kind: "rpc", purpose, rpc, ...extra };
}

function gpv(purpose: "probe" | "fetch", ...names: string[]): RpcStep {
  return step(purpose, { method: "GetParameterValues", parameterNames: names });
}

function fault(faultCode: number, extra: Partial<CwmpFault> = {}): CpeMessage {
  return {
    method: "Fault",
    faultcode: "Client",
    faultstring: "CWMP fault",
    faultCode,
    faultString: `fault ${faultCode}`,
    setParameterValuesFault: [],
    ...extra,
  };
}

const setStep = step(
  "set",
  {
    method: "SetParameterValues",
    parameterList: [
      { name: "Device.XMPP.Connection.2.Username", value: "cpe-1", type: "string" },
      { name: "Device.XMPP.Connection.2.Password", value: "s3cret", type: "string" },
      { name: "Device.XMPP.Connection.2.Enable", value: "true", type: "boolean" },
    ],
    parameterKey: "xmpp-cr",
  },
  { secretNames: ["Device.XMPP.Connection.2.Password"] },
);

const notifyStep = step("notify", {
  method: "SetParameterAttributes",
  parameterList: [
    {
      name: "Device.ManagementServer.ConnReqJabberID",
      notificationChange: true,
      notification: 2,
      accessListChange: false,
      accessList: [],
    },
    {
      name: "Device.XMPP.Connection.2.Status",
      notificationChange: true,
      notification: 1,
      accessListChange: false,
      accessList: [],
    },
  ],
});

const addStep = step(
  "add",
  { method: "AddObject", objectName: "Device.XMPP.Connection.", parameterKey: "xmpp-cr" },
  { table: "Device.XMPP.Connection.", instanceKey: "Device.XMPP.Connection.?Username=cpe-1" },
);

/** A memory that already knows things, so "kept" and "forgotten" can be told apart. */
function knowing(overrides: Partial<ProfileState> = {}): ProfileState {
  return {
    ...freshProfileState(1, "h", now - 10_000),
    fetched: ["Device.ManagementServer."],
    instances: { "Device.XMPP.Connection.?Username=cpe-1": "Device.XMPP.Connection.2." },
    ...overrides,
  };
}

describe("applyProfileReply: responses", () => {
  it("stores the values of a GetParameterValuesResponse and marks the requested names fetched", () => {
    const effect = applyProfileReply(
      knowing(),
      gpv("fetch", "Device.XMPP.Connection.", "Device.ManagementServer.ConnReqAllowedJabberIDs"),
      {
        method: "GetParameterValuesResponse",
        parameterList: [
          { name: "Device.XMPP.Connection.1.Username", value: "other", type: "string" },
          { name: "Device.ManagementServer.ConnReqAllowedJabberIDs", value: "", type: "string" },
        ],
      },
      context,
    );
    assert.deepEqual(effect.parameters, [
      { name: "Device.XMPP.Connection.1.Username", value: "other", type: "string", learnedAt: now },
      {
        name: "Device.ManagementServer.ConnReqAllowedJabberIDs",
        value: "",
        type: "string",
        learnedAt: now,
      },
    ]);
    assert.deepEqual(effect.state.fetched, [
      "Device.ManagementServer.",
      "Device.XMPP.Connection.",
      "Device.ManagementServer.ConnReqAllowedJabberIDs",
    ]);
    assert.equal(effect.state.updatedAt, now);
    assert.equal(effect.state.status, "pending");
  });

  it("does not list a fetched path twice", () => {
    const effect = applyProfileReply(
      knowing(),
      gpv("fetch", "Device.ManagementServer."),
      { method: "GetParameterValuesResponse", parameterList: [] },
      context,
    );
    assert.deepEqual(effect.state.fetched, ["Device.ManagementServer."]);
  });

  it("remembers an added instance under the step's instanceKey and marks it fetched", () => {
    const effect = applyProfileReply(
      knowing({ instances: {} }),
      addStep,
      { method: "AddObjectResponse", instanceNumber: 7, status: 0 },
      context,
    );
    assert.deepEqual(effect.state.instances, {
      "Device.XMPP.Connection.?Username=cpe-1": "Device.XMPP.Connection.7.",
    });
    assert.ok(effect.state.fetched.includes("Device.XMPP.Connection.7."));
    assert.ok(effect.state.fetched.includes("Device.ManagementServer."), "keeps earlier fetches");
    assert.deepEqual(effect.parameters, []);
  });

  it("stores non-secret values a SetParameterValuesResponse confirmed, and fingerprints secrets", () => {
    const effect = applyProfileReply(
      knowing(),
      setStep,
      { method: "SetParameterValuesResponse", status: 0 },
      context,
    );
    assert.deepEqual(effect.parameters, [
      { name: "Device.XMPP.Connection.2.Username", value: "cpe-1", type: "string", learnedAt: now },
      { name: "Device.XMPP.Connection.2.Enable", value: "true", type: "boolean", learnedAt: now },
    ]);
    assert.deepEqual(effect.state.secretsApplied, {
      "Device.XMPP.Connection.2.Password": secretFingerprint(
        "Device.XMPP.Connection.2.Password",
        "s3cret",
      ),
    });
    assert.ok(
      !JSON.stringify(effect).includes("s3cret"),
      "the secret value is kept nowhere in clear",
    );
  });

  it("notes each notification attribute set as name=level", () => {
    const effect = applyProfileReply(
      knowing({ notificationsSet: ["Device.Other=1"] }),
      notifyStep,
      { method: "SetParameterAttributesResponse" },
      context,
    );
    assert.deepEqual(effect.state.notificationsSet, [
      "Device.Other=1",
      "Device.ManagementServer.ConnReqJabberID=2",
      "Device.XMPP.Connection.2.Status=1",
    ]);
    assert.deepEqual(effect.parameters, []);
  });

  it("faults with 8000 on a reply of the wrong method", () => {
    const effect = applyProfileReply(
      knowing(),
      gpv("fetch", "Device.XMPP."),
      { method: "SetParameterValuesResponse", status: 0 },
      context,
    );
    assert.equal(effect.state.status, "faulted");
    assert.equal(effect.state.faults, 1);
    assert.equal(effect.state.lastFault?.code, 8000);
    assert.equal(effect.state.lastFault?.method, "GetParameterValues");
    assert.match(
      effect.state.lastFault?.string ?? "",
      /GetParameterValuesResponse.*SetParameterValuesResponse/,
    );
    assert.equal(effect.state.retryAt, now + 1_000);
    assert.deepEqual(effect.state.fetched, ["Device.ManagementServer."], "learns nothing");
    assert.deepEqual(effect.parameters, []);
  });
});

describe("applyProfileReply: faults", () => {
  it("9005 on the probe makes the profile not applicable, naming the paths", () => {
    const effect = applyProfileReply(
      knowing(),
      gpv("probe", "Device.XMPP.", "Device.ManagementServer.SupportedConnReqMethods"),
      fault(9005),
      context,
    );
    assert.equal(effect.state.status, "not-applicable");
    assert.equal(
      effect.state.reason,
      "not in the data model: Device.XMPP., Device.ManagementServer.SupportedConnReqMethods",
    );
    assert.equal(effect.state.faults, 0, "not a fault");
    assert.equal(effect.state.retryAt, undefined);
  });

  it("9005 on a fetch is an ordinary fault", () => {
    const effect = applyProfileReply(knowing(), gpv("fetch", "Device.XMPP."), fault(9005), context);
    assert.equal(effect.state.status, "faulted");
    assert.equal(effect.state.reason, undefined);
  });

  it("9005 on AddObject faults and backs off, and notes the table as refused for next time", () => {
    const effect = applyProfileReply(knowing(), addStep, fault(9005), context);
    assert.deepEqual(effect.state.addObjectRefused, ["Device.XMPP.Connection."]);
    assert.equal(effect.state.status, "faulted");
    assert.equal(effect.state.faults, 1);
    assert.equal(effect.state.retryAt, now + 1_000);
    assert.equal(effect.state.lastFault?.method, "AddObject");
  });

  it("9009 on SetParameterAttributes counts the notifications as set", () => {
    const effect = applyProfileReply(knowing(), notifyStep, fault(9009), context);
    assert.deepEqual(effect.state.notificationsSet, [
      "Device.ManagementServer.ConnReqJabberID=2",
      "Device.XMPP.Connection.2.Status=1",
    ]);
    assert.equal(effect.state.status, "pending");
    assert.equal(effect.state.faults, 0);
  });

  it("any other fault backs off: faulted, one more fault, retryAt from the back-off", () => {
    const first = applyProfileReply(knowing(), gpv("fetch", "Device.XMPP."), fault(9002), context);
    assert.equal(first.state.status, "faulted");
    assert.equal(first.state.faults, 1);
    assert.equal(first.state.retryAt, now + 1_000);
    assert.deepEqual(first.state.lastFault, {
      code: 9002,
      string: "fault 9002",
      method: "GetParameterValues",
      at: now,
    });
    assert.deepEqual(first.parameters, []);
    const third = applyProfileReply(
      knowing({ faults: 2 }),
      gpv("fetch", "Device.XMPP."),
      fault(9002),
      context,
    );
    assert.equal(third.state.faults, 3);
    assert.equal(third.state.retryAt, now + 4_000);
  });

  it("a non-set fault keeps the instances and fetched paths", () => {
    const effect = applyProfileReply(knowing(), notifyStep, fault(9002), context);
    assert.equal(effect.state.status, "faulted");
    assert.deepEqual(effect.state.fetched, ["Device.ManagementServer."]);
    assert.deepEqual(effect.state.instances, knowing().instances);
  });

  it("a failed SetParameterValues forgets instances and fetched paths (look again)", () => {
    const effect = applyProfileReply(knowing(), setStep, fault(9003), context);
    assert.equal(effect.state.status, "faulted");
    assert.deepEqual(effect.state.instances, {});
    assert.deepEqual(effect.state.fetched, []);
    assert.deepEqual(effect.state.secretsApplied, {}, "nothing counts as set");
    assert.deepEqual(effect.parameters, []);
  });

  it("9005 or 9009 on other purposes is not mistaken for the special cases", () => {
    const set9005 = applyProfileReply(knowing(), setStep, fault(9005), context);
    assert.equal(set9005.state.status, "faulted");
    const add9009 = applyProfileReply(knowing(), addStep, fault(9009), context);
    assert.equal(add9009.state.status, "faulted");
    assert.deepEqual(add9009.state.addObjectRefused, []);
  });

  it("names the failing parameters of a SetParameterValues fault in lastFault", () => {
    const effect = applyProfileReply(
      knowing(),
      setStep,
      fault(9003, {
        faultString: "Invalid arguments",
        setParameterValuesFault: [
          {
            parameterName: "Device.XMPP.Connection.2.Username",
            faultCode: 9007,
            faultString: "Invalid parameter value",
          },
          {
            parameterName: "Device.XMPP.Connection.2.Enable",
            faultCode: 9008,
            faultString: "Attempt to set a non-writable parameter",
          },
        ],
      }),
      context,
    );
    assert.equal(
      effect.state.lastFault?.string,
      "Invalid arguments (Device.XMPP.Connection.2.Username 9007, Device.XMPP.Connection.2.Enable 9008)",
    );
    assert.equal(effect.state.lastFault?.code, 9003);
    assert.equal(effect.state.lastFault?.method, "SetParameterValues");
  });
});
