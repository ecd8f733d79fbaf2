import assert from "node:assert/strict";
import { createSocket } from "node:dgram";
import { after, before, describe, it } from "node:test";
import { createStunServer, type StunServer } from "../../functions/adapters/udp/stun-server.ts";
import type { StunBinding } from "../../functions/core/model/device.ts";
import {
  buildUdpConnectionRequest,
  type UdpConnectionRequestVerdict,
} from "../../functions/core/stun/udp-connection-request.ts";
import { createCpeStunClient } from "../../functions/simulator/cpe-stun-client.ts";
import type { DataModel } from "../../functions/simulator/data-model.ts";
import { completeProfile } from "../../functions/simulator/device-profile.ts";
import { buildDeviceTree } from "../../functions/simulator/device-tree.ts";
import { startUdpNat, type UdpNat } from "../support/udp-nat.ts";

const silent = { debug() {}, info() {}, warn() {}, error() {} };
const ms = "Device.ManagementServer.";

function stunModel(nat: UdpNat): DataModel {
  const model = buildDeviceTree({
    profile: completeProfile({
      serialNumber: "D1",
      acsUrl: "http://127.0.0.1:1/",
      connectionRequestUsername: "cr-user",
      connectionRequestPassword: "cr-pass",
    }),
    uptimeSeconds: () => 1,
    now: Date.now,
  });
  model.setParameterValues([
    { name: `${ms}STUNEnable`, value: "true", type: "boolean" },
    { name: `${ms}STUNServerAddress`, value: nat.inside.address, type: "string" },
    { name: `${ms}STUNServerPort`, value: String(nat.inside.port), type: "unsignedInt" },
    { name: `${ms}STUNUsername`, value: "dev-1", type: "string" },
    { name: `${ms}STUNPassword`, value: "stun-pass", type: "string" },
  ]);
  return model;
}

async function until(what: string, check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function signedRequest(address: string, id: string, password = "cr-pass"): string {
  const fields = { ts: Math.floor(Date.now() / 1000), id, un: "cr-user", cn: "c1" };
  return buildUdpConnectionRequest({ address, password, fields });
}

describe("simulated CPE STUN client behind a port-restricted NAT", () => {
  const bindings: StunBinding[] = [];
  const verdicts: UdpConnectionRequestVerdict[] = [];
  const changes: string[][] = [];
  let wakes = 0;
  let server: StunServer;
  let nat: UdpNat;
  let stop: () => Promise<void>;
  let model: DataModel;

  before(async () => {
    // Prepare: the ACS's STUN server, a NAT in front of it, a CPE behind the NAT.
    server = createStunServer({
      port: 0,
      host: "127.0.0.1",
      credentials: async (username) =>
        username === "dev-1" ? { deviceId: "dev-1", password: "stun-pass" } : undefined,
      devices: { recordStunBinding: async (_id, binding) => void bindings.push(binding) },
      clock: { now: Date.now },
      logger: silent,
      serverId: "task-1",
    });
    const { port } = await server.start();
    nat = await startUdpNat({ destination: { address: "127.0.0.1", port } });
    model = stunModel(nat);
    const client = createCpeStunClient({
      model: () => model,
      connectionRequest: () => {
        wakes += 1;
        return "accepted";
      },
      onValueChange: (paths) => changes.push([...paths]),
      onUdpConnectionRequest: (verdict) => verdicts.push(verdict),
      bindAddress: "127.0.0.1",
      keepAliveMs: 200,
    });
    client.reconcile();
    stop = () => client.stop();
  });

  after(async () => {
    await stop();
    await nat.close();
    await server.stop();
  });

  it("records the NAT's public mapping with the server and reports it in UDPConnectionRequestAddress", async () => {
    await until("a binding", () => bindings.length > 0);

    const binding = bindings[0];
    assert.equal(binding?.server, "task-1");
    assert.notEqual(binding?.port, nat.inside.port);
    await until("the address", () => model.read(`${ms}UDPConnectionRequestAddress`) !== "");
    assert.equal(model.read(`${ms}UDPConnectionRequestAddress`), `127.0.0.1:${binding?.port}`);
    assert.equal(model.read(`${ms}NATDetected`), "true");
    assert.deepEqual(changes[0], [`${ms}UDPConnectionRequestAddress`, `${ms}NATDetected`]);
  });

  it("drops a connection request from a source the CPE never sent to", async () => {
    const binding = bindings.at(-1);
    const stranger = createSocket("udp4");
    const before = nat.filtered();

    stranger.send(
      signedRequest(`127.0.0.1:${binding?.port}`, "from-stranger"),
      binding?.port ?? 0,
      "127.0.0.1",
    );
    await until("the filter", () => nat.filtered() > before);
    stranger.close();

    assert.equal(wakes, 0);
    assert.equal(verdicts.length, 0);
  });

  it("wakes once for a signed request from the STUN socket, repeats and forgeries ignored", async () => {
    const binding = bindings.at(-1);
    const address = `127.0.0.1:${binding?.port}`;

    for (const datagram of [
      signedRequest(address, "cr-1"),
      signedRequest(address, "cr-1"),
      signedRequest(address, "cr-2", "wrong"),
    ]) {
      await server.send(datagram, "127.0.0.1", binding?.port ?? 0);
    }
    await until("three verdicts", () => verdicts.length === 3);

    assert.deepEqual(
      verdicts.map((verdict) => (verdict.kind === "accepted" ? "accepted" : verdict.reason)),
      ["accepted", "replayed", "bad-signature"],
    );
    assert.equal(wakes, 1);
  });

  it("announces a new mapping with BINDING-CHANGE and a value change", async () => {
    const old = model.read(`${ms}UDPConnectionRequestAddress`);

    await nat.rebind();
    await until("a changed binding", () => bindings.some((b) => b.bindingChangedAt !== undefined));

    const changed = bindings.find((b) => b.bindingChangedAt !== undefined);
    assert.notEqual(`127.0.0.1:${changed?.port}`, old);
    assert.equal(model.read(`${ms}UDPConnectionRequestAddress`), `127.0.0.1:${changed?.port}`);
    assert.deepEqual(changes.at(-1), [`${ms}UDPConnectionRequestAddress`]);
  });
});
