import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { XmppAuthenticationError } from "../../functions/adapters/xmpp/errors.ts";
import { createCpeXmppClient } from "../../functions/simulator/cpe-xmpp-client.ts";
import type { DataModel } from "../../functions/simulator/data-model.ts";
import { completeProfile } from "../../functions/simulator/device-profile.ts";
import { buildDeviceTree } from "../../functions/simulator/device-tree.ts";
import { fakeEndpoints } from "./fake-xmpp-endpoint.ts";
import { waitUntil } from "./wait-until.ts";
import { configureXmpp } from "./xmpp-model.ts";

const JID = "Device.ManagementServer.ConnReqJabberID";
const STATUS = "Device.XMPP.Connection.1.Status";

function setUp(script: Array<Error | "ok"> = []) {
  const model: DataModel = buildDeviceTree({
    profile: completeProfile({ serialNumber: "U1", acsUrl: "http://127.0.0.1:1/" }),
    uptimeSeconds: () => 0,
    now: () => 0,
  });
  const base = configureXmpp(model, {
    username: "cpe",
    password: "pw",
    domain: "x.test",
    host: "127.0.0.1",
    port: 15222,
  });
  const endpoints = fakeEndpoints(script);
  const changes: string[][] = [];
  const statuses: string[] = [];
  const crs: string[] = [];
  const client = createCpeXmppClient({
    model: () => model,
    connectionRequest: () => {
      crs.push("cr");
      return "accepted";
    },
    onValueChange: (paths) => {
      changes.push([...paths]);
      if (paths.includes(STATUS)) statuses.push(model.read(STATUS));
    },
    openEndpoint: endpoints.open,
    retryInitialMs: 1,
    random: () => 0,
  });
  return { model, base, endpoints, changes, statuses, crs, client };
}

describe("CpeXmppClient", () => {
  it("logs in with the model's settings and reports Status, JabberID and ConnReqJabberID", async () => {
    // Prepare
    const { model, endpoints, changes, statuses, client } = setUp();
    // Act
    client.reconcile();
    await waitUntil(() => model.read(JID) !== "", "the JID");
    await client.stop();
    // Assess
    const options = endpoints.opened[0]?.options;
    assert.equal(options?.service, "xmpp://127.0.0.1:15222");
    assert.equal(options?.username, "cpe");
    assert.equal(options?.password, "pw");
    assert.equal(options?.resource, "cwmp");
    assert.equal(options?.requireTls, false);
    assert.equal(model.read(JID), "cpe@x.test/cwmp");
    assert.deepEqual(statuses, ["Connecting", "Enabled"]);
    assert.ok(changes.at(-1)?.includes(JID));
    assert.equal(endpoints.opened[0]?.closedByClient, true, "stop closes the stream");
  });

  it("reports an authentication failure, then retries and comes online", async () => {
    // Prepare
    const { model, endpoints, statuses, client } = setUp([
      new XmppAuthenticationError("not-authorized"),
    ]);
    // Act
    client.reconcile();
    await waitUntil(() => model.read(STATUS) === "Enabled", "online after the retry");
    await client.stop();
    // Assess
    assert.deepEqual(statuses, [
      "Connecting",
      "Error_AuthenticationFailure",
      "Connecting",
      "Enabled",
    ]);
    assert.equal(endpoints.attempts(), 2);
  });

  it("reconnects after a drop without reporting an unchanged JID again", async () => {
    // Prepare
    const { model, endpoints, changes, client } = setUp();
    client.reconcile();
    await waitUntil(
      () => endpoints.opened.length === 1 && model.read(STATUS) === "Enabled",
      "online",
    );
    const jidReports = () => changes.filter((paths) => paths.includes(JID)).length;
    const before = jidReports();
    // Act
    endpoints.opened[0]?.drop();
    await waitUntil(
      () => endpoints.opened.length === 2 && model.read(STATUS) === "Enabled",
      "back",
    );
    await client.stop();
    // Assess
    assert.equal(jidReports(), before);
  });

  it("disconnects when the ACS disables the connection, without notifying it back", async () => {
    // Prepare
    const { model, base, endpoints, changes, client } = setUp();
    client.reconcile();
    await waitUntil(() => model.read(JID) !== "", "the JID");
    // Act
    model.setInternal(`${base}Enable`, "false");
    client.reconcile();
    await client.stop();
    // Assess
    assert.equal(endpoints.opened[0]?.closedByClient, true);
    assert.equal(model.read(STATUS), "Disabled");
    assert.equal(model.read(JID), "");
    // The ACS's own change (TR-069 3.2.1): only the device-side Status change is reported.
    assert.deepEqual(changes.at(-1), [STATUS]);
    assert.equal(endpoints.opened.length, 1);
  });

  it("answers connection-request IQs with the device's CR credentials", async () => {
    // Prepare
    const { model, endpoints, crs, client } = setUp();
    client.reconcile();
    await waitUntil(() => model.read(JID) !== "", "the JID");
    const onIq = endpoints.opened[0]?.options.onIq;
    assert.ok(onIq);
    const texts: Record<string, string> = {
      username: model.read("Device.ManagementServer.ConnectionRequestUsername"),
      password: model.read("Device.ManagementServer.ConnectionRequestPassword"),
    };
    // Act
    const answer = await onIq({
      id: "cr-1",
      from: "acs@x.test/a",
      type: "get",
      payload: {
        name: "connectionRequest",
        namespace: "urn:broadband-forum-org:cwmp:xmppConnReq-1-0",
        childText: (name) => texts[name],
      },
    });
    await client.stop();
    // Assess
    assert.deepEqual(answer, { kind: "result" });
    assert.deepEqual(crs, ["cr"]);
  });
});
