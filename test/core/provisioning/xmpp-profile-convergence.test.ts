import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { StoredParameter } from "../../../functions/core/model/device.ts";
import { applyProfileReply } from "../../../functions/core/provisioning/apply-profile-reply.ts";
import { planProfile } from "../../../functions/core/provisioning/plan-profile.ts";
import {
  defaultProfileTiming,
  freshProfileState,
} from "../../../functions/core/provisioning/profile-state.ts";
import { xmppProfile } from "../../../functions/core/provisioning/xmpp-profile.ts";
import { completeProfile } from "../../../functions/simulator/device-profile.ts";
import { buildDeviceTree } from "../../../functions/simulator/device-tree.ts";
import { createRpcHandler } from "../../../functions/simulator/rpc-handler.ts";
import { readCpeXmppConfig } from "../../../functions/simulator/xmpp-config.ts";
import { converge, named, secrets, settings } from "./xmpp-converge.ts";

describe("the built-in XMPP profile on a simulated TR-181 CPE", () => {
  it("converges in six RPCs: probe, AddObject, list the new connection, AddObject server, SPV, SPA", () => {
    const run = converge({});
    assert.deepEqual(run.sent.map(named), [
      "GetParameterValues",
      "AddObject Device.XMPP.Connection.",
      // Whether this model has Connection.{i}.Server. is learned, never guessed.
      "GetParameterNames Device.XMPP.Connection.1.",
      "AddObject Device.XMPP.Connection.1.Server.",
      "SetParameterValues",
      "SetParameterAttributes",
    ]);
    assert.deepEqual(run.step, {
      kind: "converged",
      shape: { present: ["Device.XMPP.Connection.1.Server."], absent: [], fixed: [] },
    });
    const config = readCpeXmppConfig(run.tree);
    assert.equal(config.kind, "ready");
    assert.deepEqual(config.kind === "ready" && config.config, {
      base: "Device.XMPP.Connection.1.",
      username: "cpe-abc",
      password: "xmpp-pw",
      domain: "xmpp.test",
      resource: "cwmp",
      host: "127.0.0.1",
      port: 5333,
      useTls: false,
    });
    assert.equal(run.tree.read("Device.XMPP.Connection.1.ServerConnectAlgorithm"), "ServerTable");
    assert.equal(run.tree.read("Device.ManagementServer.ConnReqAllowedJabberIDs"), "acs@xmpp.test");
    assert.equal(run.tree.read("Device.ManagementServer.ConnectionRequestUsername"), "cpe-abc");
    assert.equal(run.tree.read("Device.ManagementServer.ConnectionRequestPassword"), "cr-pw");
    assert.equal(
      run.known.get("Device.ManagementServer.ConnectionRequestPassword")?.value,
      "",
      "the secret is never stored, only what the CPE reads back",
    );
  });

  it("sends nothing more once converged", () => {
    const first = converge({});
    const again = planProfile(xmppProfile(settings, "Device.", secrets), first.known, first.state);
    assert.equal(again.kind, "converged");
  });

  it("configures the fixed instance in place, learning from GetParameterNames that it is fixed", () => {
    const run = converge({ fixed: true });
    assert.deepEqual(run.sent.map(named), [
      "GetParameterValues",
      "GetParameterNames Device.XMPP.",
      "AddObject Device.XMPP.Connection.1.Server.",
      "SetParameterValues",
      "SetParameterAttributes",
    ]);
    assert.equal(
      run.sent.some(
        (rpc) => rpc.method === "AddObject" && rpc.objectName === "Device.XMPP.Connection.",
      ),
      false,
      "no AddObject the model refuses",
    );
    assert.deepEqual(run.step, {
      kind: "converged",
      shape: {
        present: ["Device.XMPP.Connection.1.Server."],
        absent: [],
        fixed: ["Device.XMPP.Connection."],
      },
    });
    assert.equal(run.tree.read("Device.XMPP.Connection.1.Username"), "cpe-abc");
    assert.equal(
      run.tree.read("Device.ManagementServer.ConnReqXMPPConnection"),
      "Device.XMPP.Connection.1",
    );
  });

  it("leaves a CPE without XMPP in SupportedConnReqMethods alone", () => {
    const run = converge({ methods: "HTTP,STUN" });
    assert.equal(run.step.kind, "not-applicable");
    assert.deepEqual(
      run.sent.map((rpc) => rpc.method),
      ["GetParameterValues"],
    );
  });

  it("fetches a required object whole even when an Inform taught some of its parameters", () => {
    const known = new Map<string, StoredParameter>([
      [
        "Device.ManagementServer.ConnectionRequestURL",
        {
          name: "Device.ManagementServer.ConnectionRequestURL",
          value: "http://x/",
          type: "string",
          learnedAt: 1,
        },
      ],
    ]);
    const step = planProfile(
      xmppProfile(settings, "Device.", secrets),
      known,
      freshProfileState(0, "h", 0),
    );
    assert.deepEqual(step.kind === "rpc" && step.rpc, {
      method: "GetParameterValues",
      parameterNames: ["Device.ManagementServer.", "Device.XMPP."],
    });
  });

  it("marks a model without Device.XMPP. (fault 9005 on the probe) not applicable", () => {
    const tr098 = xmppProfile(settings, "InternetGatewayDevice.", secrets);
    const tree = buildDeviceTree({
      profile: completeProfile({ serialNumber: "S2", acsUrl: "http://127.0.0.1/" }),
      uptimeSeconds: () => 1,
      now: () => 0,
    });
    const step = planProfile(tr098, new Map(), freshProfileState(0, "h", 0));
    assert.equal(step.kind, "rpc");
    if (step.kind !== "rpc") return;
    const reply = createRpcHandler({ model: () => tree }).handle(step.rpc).response;
    assert.equal(reply.method, "Fault");
    const effect = applyProfileReply(freshProfileState(0, "h", 0), step, reply, {
      now: 5,
      timing: defaultProfileTiming,
    });
    assert.equal(effect.state.status, "not-applicable");
  });
});
