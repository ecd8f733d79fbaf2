import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { AcsMessage } from "../../../functions/core/cwmp/acs-messages.ts";
import type { ProfileState } from "../../../functions/core/model/profile-state.ts";
import type { ProfileStep } from "../../../functions/core/provisioning/plan-profile.ts";
import { xmppVariantOf } from "../../../functions/core/provisioning/xmpp-profile.ts";
import { createRpcHandler } from "../../../functions/simulator/rpc-handler.ts";
import { converge, named } from "./xmpp-converge.ts";
import { omittingUnknownPaths, type XmppModelOptions, xmppCpeModel } from "./xmpp-cpe-models.ts";

const tr181: XmppModelOptions = {
  root: "Device.",
  xmpp: true,
  serverTable: true,
  algorithm: true,
  fixed: false,
  supportedMethods: "HTTP,XMPP",
};

function on(options: XmppModelOptions, answer: "faults" | "omits" = "faults") {
  const tree = xmppCpeModel(options);
  const cpe =
    answer === "omits" ? omittingUnknownPaths(() => tree) : createRpcHandler({ model: () => tree });
  return converge({ model: { tree, cpe }, root: options.root });
}

const setNames = (sent: readonly AcsMessage[]) =>
  sent.flatMap((rpc) =>
    rpc.method === "SetParameterValues" ? rpc.parameterList.map((p) => p.name) : [],
  );

describe("the built-in XMPP profile on the data models found in the field", () => {
  it("sets the domain only on a model without Connection.{i}.Server., with no AddObject on it", () => {
    const run = on({ ...tr181, serverTable: false });
    assert.deepEqual(run.sent.map(named), [
      "GetParameterValues",
      "AddObject Device.XMPP.Connection.",
      "GetParameterNames Device.XMPP.Connection.1.",
      "SetParameterValues",
      "SetParameterAttributes",
    ]);
    assert.equal(run.state.status, "pending");
    assert.equal(run.step.kind, "converged");
    assert.equal(run.tree.read("Device.XMPP.Connection.1.Domain"), "xmpp.test");
    assert.equal(run.tree.read("Device.XMPP.Connection.1.Username"), "cpe-abc");
    // DNS-SRV: the CPE looks the domain up itself (RFC 6120 3.2.1).
    assert.ok(setNames(run.sent).includes("Device.XMPP.Connection.1.ServerConnectAlgorithm"));
    assert.equal(run.tree.read("Device.XMPP.Connection.1.ServerConnectAlgorithm"), "DNS-SRV");
    assert.deepEqual(xmppVariantOf({ ...run.state, status: "converged", ...shapeOf(run.step) }), {
      variant: "domain-only",
      instance: "dynamic",
    });
  });

  it("leaves ServerConnectAlgorithm alone where the model has no such parameter", () => {
    const run = on({ ...tr181, serverTable: false, algorithm: false });
    assert.equal(run.step.kind, "converged");
    assert.equal(
      setNames(run.sent).some((name) => name.endsWith("ServerConnectAlgorithm")),
      false,
    );
    assert.equal(run.tree.read("Device.XMPP.Connection.1.Domain"), "xmpp.test");
  });

  it("configures a fixed instance without Server. with no AddObject at all", () => {
    const run = on({ ...tr181, serverTable: false, fixed: true });
    assert.deepEqual(run.sent.map(named), [
      "GetParameterValues",
      "GetParameterNames Device.XMPP.",
      "SetParameterValues",
      "SetParameterAttributes",
    ]);
    assert.equal(run.step.kind, "converged");
    assert.equal(run.tree.read("Device.XMPP.Connection.1.Domain"), "xmpp.test");
    assert.equal(
      run.tree.read("Device.ManagementServer.ConnReqXMPPConnection"),
      "Device.XMPP.Connection.1",
    );
    assert.deepEqual(xmppVariantOf({ ...run.state, status: "converged", ...shapeOf(run.step) }), {
      variant: "domain-only",
      instance: "fixed",
    });
  });

  it("provisions a TR-098 root with XMPP and a Server table", () => {
    const run = on({ ...tr181, root: "InternetGatewayDevice.", supportedMethods: undefined });
    assert.equal(run.step.kind, "converged");
    const base = "InternetGatewayDevice.XMPP.Connection.1.";
    assert.equal(run.tree.read(`${base}Username`), "cpe-abc");
    assert.equal(run.tree.read(`${base}ServerConnectAlgorithm`), "ServerTable");
    assert.equal(run.tree.read(`${base}Server.1.ServerAddress`), "127.0.0.1");
    assert.equal(
      run.tree.read("InternetGatewayDevice.ManagementServer.ConnReqXMPPConnection"),
      "InternetGatewayDevice.XMPP.Connection.1",
    );
    assert.deepEqual(xmppVariantOf({ ...run.state, status: "converged", ...shapeOf(run.step) }), {
      variant: "server-table",
      instance: "dynamic",
    });
  });

  it("leaves a TR-098 CPE without XMPP whose GPV omits unknown paths alone after one probe", () => {
    const run = on(
      { ...tr181, root: "InternetGatewayDevice.", xmpp: false, supportedMethods: undefined },
      "omits",
    );
    assert.deepEqual(run.sent.map(named), ["GetParameterValues"]);
    assert.equal(run.state.status, "pending");
    assert.deepEqual(run.step, {
      kind: "not-applicable",
      reason: "not in the data model: InternetGatewayDevice.XMPP.",
    });
  });

  it("stops at the first AddObject the CPE refuses: faulted, never sent again", () => {
    const run = on({ ...tr181, serverAddable: false });
    const adds = run.sent.filter(
      (rpc) => rpc.method === "AddObject" && rpc.objectName.endsWith(".Server."),
    );
    assert.equal(adds.length, 1);
    assert.equal(run.state.status, "faulted");
    assert.equal(run.state.lastFault?.code, 9005);
    assert.equal(run.state.lastFault?.method, "AddObject");
    assert.ok((run.state.retryAt ?? 0) > 0, "backs off");
  });
});

/** The profile's memory as the session stores it on convergence (with the model's shape). */
function shapeOf(step: ProfileStep): Partial<ProfileState> {
  return step.kind === "converged" && step.shape !== undefined ? { shape: step.shape } : {};
}
