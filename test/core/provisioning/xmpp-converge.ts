import type { AcsMessage } from "../../../functions/core/cwmp/acs-messages.ts";
import type { StoredParameter } from "../../../functions/core/model/device.ts";
import type { ProfileState } from "../../../functions/core/model/profile-state.ts";
import { applyProfileReply } from "../../../functions/core/provisioning/apply-profile-reply.ts";
import { planProfile } from "../../../functions/core/provisioning/plan-profile.ts";
import {
  defaultProfileTiming,
  freshProfileState,
} from "../../../functions/core/provisioning/profile-state.ts";
import { xmppProfile } from "../../../functions/core/provisioning/xmpp-profile.ts";
import type { DataModel } from "../../../functions/simulator/data-model.ts";
import { completeProfile } from "../../../functions/simulator/device-profile.ts";
import { buildDeviceTree } from "../../../functions/simulator/device-tree.ts";
import { createRpcHandler, type RpcHandler } from "../../../functions/simulator/rpc-handler.ts";

export const settings = {
  acsJid: "acs@xmpp.test",
  domain: "xmpp.test",
  servers: [{ address: "127.0.0.1", port: 5333 }],
  useTls: false,
  resource: "cwmp",
};
export const secrets = {
  crUsername: "cpe-abc",
  crPassword: "cr-pw",
  xmppUsername: "cpe-abc",
  xmppPassword: "xmpp-pw",
};

/** The simulator's TR-181 gateway, optionally with a fixed XMPP connection or other methods. */
export function simulatorCpe(options: { fixed?: boolean; methods?: string } = {}) {
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
  return { tree, cpe: createRpcHandler({ model: () => tree }) };
}

/**
 * The built-in XMPP profile converging on a CPE model (the simulator's RPC
 * handler answers, faults included): plan -> RPC -> reply -> memory, until
 * nothing is left or the profile settles. Returns the RPCs sent.
 */
export function converge(options: {
  fixed?: boolean;
  methods?: string;
  state?: ProfileState;
  model?: { tree: DataModel; cpe: RpcHandler };
  root?: string;
  settings?: typeof settings;
}) {
  const { tree, cpe } = options.model ?? simulatorCpe(options);
  const profile = xmppProfile(options.settings ?? settings, options.root ?? "Device.", secrets);
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
    for (const p of effect.parameters) known.set(p.name, { ...known.get(p.name), ...p });
    if (state.status === "faulted" || state.status === "not-applicable") {
      return { sent, step, state, tree, known };
    }
  }
  throw new Error("did not converge in 20 RPCs");
}

/** "AddObject <table>" or the method name, for readable RPC lists. */
export const named = (rpc: AcsMessage) =>
  rpc.method === "AddObject"
    ? `AddObject ${rpc.objectName}`
    : rpc.method === "GetParameterNames"
      ? `GetParameterNames ${rpc.parameterPath}`
      : rpc.method;
