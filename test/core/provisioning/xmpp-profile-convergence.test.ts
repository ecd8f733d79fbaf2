import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { AcsMessage } from "../../../functions/core/cwmp/acs-messages.ts";
import type { StoredParameter } from "../../../functions/core/model/device.ts";
import { applyProfileReply } from "../../../functions/core/provisioning/apply-profile-reply.ts";
import { planProfile } from "../../../functions/core/provisioning/plan-profile.ts";
import {
  defaultProfileTiming,
  freshProfileState,
  type ProfileState,
} from "../../../functions/core/provisioning/profile-state.ts";
import { xmppProfile } from "../../../functions/core/provisioning/xmpp-profile.ts";
import { completeProfile } from "../../../functions/simulator/device-profile.ts";
import { buildDeviceTree } from "../../../functions/simulator/device-tree.ts";
import { createRpcHandler } from "../../../functions/simulator/rpc-handler.ts";
import { readCpeXmppConfig } from "../../../functions/simulator/xmpp-config.ts";

const settings = {
  acsJid: "acs@xmpp.test",
  domain: "xmpp.test",
  servers: [{ address: "127.0.0.1", port: 5333 }],
  useTls: false,
  resource: "cwmp",
};
const secrets = {
  crUsername: "cpe-abc",
  crPassword: "cr-pw",
  xmppUsername: "cpe-abc",
  xmppPassword: "xmpp-pw",
};

/**
 * The built-in XMPP profile converging on the simulator's TR-181 model
 * (its own RPC handler answers, faults included): plan -> RPC -> reply ->
 * memory, until nothing is left. Returns the RPCs sent.
 */
function converge(options: { fixed?: boolean; methods?: string; state?: ProfileState }) {
  const tree = buildDeviceTree({
    profile: completeProfile({
      serialNumber: "S1",
      acsUrl: "http://127.0.0.1/",
      fixedXmppConnection: options.fixed ?? false,
    }),
    uptimeSeconds: () => 1,
    now: () => 0,
  });
  if (options.methods !== undefined) {
    tree.setInternal("Device.ManagementServer.SupportedConnReqMethods", options.methods);
  }
  const cpe = createRpcHandler({ model: () => tree });
  const profile = xmppProfile(settings, "Device.", secrets);
  const known = new Map<string, StoredParameter>();
  let state = options.state ?? freshProfileState(0, "h", 0);
  const sent: AcsMessage[] = [];
  for (let round = 0; round < 20; round += 1) {
    const step = planProfile(profile, known, state);
    if (step.kind !== "rpc") return { sent, step, state, tree, known };
    sent.push(step.rpc);
    const reply = cpe.handle(step.rpc).response;
    const effect = applyProfileReply(state, step, reply, {
      now: round,
      timing: defaultProfileTiming,
    });
    state = effect.state;
    for (const p of effect.parameters) known.set(p.name, p);
    if (state.status === "faulted" || state.status === "not-applicable") {
      return { sent, step, state, tree, known };
    }
  }
  throw new Error("did not converge in 20 RPCs");
}

describe("the built-in XMPP profile on a simulated TR-181 CPE", () => {
  it("converges in five RPCs: probe, AddObject x2 (connection, server), one SPV, one SPA", () => {
    const run = converge({});
    assert.deepEqual(
      run.sent.map((rpc) => rpc.method),
      [
        "GetParameterValues",
        "AddObject",
        "AddObject",
        "SetParameterValues",
        "SetParameterAttributes",
      ],
    );
    assert.deepEqual(
      run.sent
        .filter((rpc) => rpc.method === "AddObject")
        .map((rpc) => rpc.method === "AddObject" && rpc.objectName),
      ["Device.XMPP.Connection.", "Device.XMPP.Connection.1.Server."],
    );
    assert.deepEqual(run.step, { kind: "converged" });
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
    assert.deepEqual(again, { kind: "converged" });
  });

  it("uses the fixed instance of a CPE that refuses AddObject with 9005", () => {
    const run = converge({ fixed: true });
    assert.deepEqual(
      run.sent.map((rpc) =>
        rpc.method === "AddObject" ? `AddObject ${rpc.objectName}` : rpc.method,
      ),
      [
        "GetParameterValues",
        "AddObject Device.XMPP.Connection.",
        "AddObject Device.XMPP.Connection.1.Server.",
        "SetParameterValues",
        "SetParameterAttributes",
      ],
    );
    assert.deepEqual(run.state.addObjectRefused, ["Device.XMPP.Connection."]);
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
      parameterNames: ["Device.ManagementServer.", "Device.XMPP.Connection."],
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
