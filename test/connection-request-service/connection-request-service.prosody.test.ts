import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  createDynamoDeviceStore,
  createDynamoTaskStore,
} from "../../functions/adapters/dynamodb/index.ts";
import {
  createUrlGuard,
  sendHttpConnectionRequest,
} from "../../functions/adapters/http-cr/index.ts";
import { createXmppSession, type XmppSession } from "../../functions/adapters/xmpp/index.ts";
import { type LocalDynamo, startDynalite } from "../../functions/local/start-dynalite.ts";
import type { HttpCrSender } from "../../functions/ports.ts";
import { waitForStatus } from "../adapters/xmpp/xmpp-session-fixture.ts";
import { waitUntil } from "../simulator/wait-until.ts";
import { type DigestTestServer, startDigestTestServer } from "../support/digest-test-server.ts";
import { startProsody } from "../support/prosody.ts";
import { type CpeAgent, startCpeAgent } from "../support/xmpp-cpe-agent.ts";
import { requireBinary } from "../support/xmpp-require-binary.ts";
import type { XmppTestServer } from "../support/xmpp-test-server.ts";
import { seedDevice } from "./fixtures.ts";
import { type Harness, startHarness } from "./harness.ts";

const skip = requireBinary("prosody");
const CR = { username: "crUser", password: "crPass" };
const ACCOUNTS = ["acs", "cpe-ok", "cpe-busy", "cpe-offline"].map((user) => ({
  user,
  password: `${user}-pw`,
}));

describe("connection-request service with prosody, dynalite and a digest CPE", { skip }, () => {
  let prosody: XmppTestServer;
  let dynamo: LocalDynamo;
  let cpe: DigestTestServer;
  let agents: CpeAgent[] = [];
  let session: XmppSession;
  let h: Harness;
  const delivered: string[] = [];

  before(async () => {
    [prosody, dynamo, cpe] = await Promise.all([
      startProsody({ accounts: ACCOUNTS }),
      startDynalite({ tableName: "acs-cr-service" }),
      startDigestTestServer({
        users: { [CR.username]: CR.password },
        onConnectionRequest: (user) => delivered.push(user),
      }),
    ]);
    agents = await Promise.all(
      [
        ["cpe-ok", "result"],
        ["cpe-busy", "service-unavailable"],
      ].map(([user = "", behaviour]) =>
        startCpeAgent({
          service: prosody.service,
          domain: prosody.domain,
          username: user,
          password: `${user}-pw`,
          behaviour: behaviour === "result" ? "result" : "service-unavailable",
        }),
      ),
    );
    session = createXmppSession({
      service: prosody.service,
      jid: `acs@${prosody.domain}`,
      password: "acs-pw",
      resource: `acs-${Math.random().toString(36).slice(2, 10)}`,
      requireTls: false,
      keepAliveIntervalMs: 5_000,
      connectTimeoutMs: 3_000,
      reconnect: { initialDelayMs: 50, maxDelayMs: 400 },
    });
    const guard = createUrlGuard({ allowCidrs: ["127.0.0.1/32"] });
    const sendHttp: HttpCrSender = (request) =>
      sendHttpConnectionRequest({
        ...request,
        connectTimeoutMs: 2_000,
        responseTimeoutMs: 2_000,
        guard,
      });
    h = await startHarness({
      devices: createDynamoDeviceStore({ client: dynamo.client, tableName: dynamo.tableName }),
      tasks: createDynamoTaskStore({ client: dynamo.client, tableName: dynamo.tableName }),
      xmpp: session,
      sendHttp,
      credentials: { credentialsFor: () => CR },
      config: { concurrency: 8, xmppTimeoutMs: 2_000 },
    });
    await waitForStatus(session, "online");
  });

  after(async () => {
    await h?.stop();
    await Promise.all(agents.map((agent) => agent.stop()));
    await Promise.all([prosody?.stop(), dynamo?.stop(), cpe?.close()]);
  });

  const jid = (user: string) => `${user}@${prosody.domain}/cwmp`;

  async function crFor(deviceId: string, connReqJabberId: string) {
    await seedDevice(h.devices, {
      deviceId,
      connectionRequestUrl: cpe.url,
      connReqJabberId,
      at: Date.now() - 60_000,
    });
    await h.send({ deviceId, reason: "test" });
    await waitUntilRecorded(h, deviceId);
    return (await h.devices.getDevice(deviceId))?.lastConnectionRequest;
  }

  it("wakes a CPE over XMPP with the CR credentials, without HTTP", async () => {
    // Prepare
    const before = cpe.requests.length;
    const agent = agents[0];

    // Act
    const last = await crFor("dev-xmpp", jid("cpe-ok"));

    // Assess
    assert.deepEqual([last?.method, last?.outcome], ["xmpp", "delivered"]);
    assert.deepEqual(
      agent?.received.map((r) => [r.username, r.password]),
      [[CR.username, CR.password]],
    );
    assert.equal(cpe.requests.length, before);
  });

  it("falls back to the HTTP CR when the CPE answers service-unavailable", async () => {
    // Prepare
    const before = delivered.length;

    // Act
    const last = await crFor("dev-busy", jid("cpe-busy"));

    // Assess
    assert.deepEqual([last?.method, last?.outcome], ["http", "delivered"]);
    assert.match(last?.detail ?? "", /after xmpp service-unavailable/);
    assert.equal(agents[1]?.received.length, 1);
    assert.deepEqual(delivered.slice(before), [CR.username]);
  });

  it("falls back to HTTP when the CPE's XMPP resource is offline", async () => {
    // Prepare
    const before = delivered.length;

    // Act
    const last = await crFor("dev-offline", jid("cpe-offline"));

    // Assess
    assert.deepEqual([last?.method, last?.outcome], ["http", "delivered"]);
    assert.equal(delivered.length, before + 1);
  });

  it("gives every CR an outcome while the XMPP server restarts mid-stream", async () => {
    // Prepare
    const ids = Array.from({ length: 30 }, (_, i) => `dev-restart-${i}`);
    for (const deviceId of ids) {
      await seedDevice(h.devices, {
        deviceId,
        connectionRequestUrl: cpe.url,
        connReqJabberId: jid("cpe-ok"),
        at: Date.now() - 60_000,
      });
    }

    // Act: a third before, a third while down, a third after the restart
    for (const deviceId of ids.slice(0, 10)) await h.send({ deviceId });
    await prosody.restart({
      whileDown: async () => {
        for (const deviceId of ids.slice(10, 20)) await h.send({ deviceId });
      },
    });
    for (const deviceId of ids.slice(20)) await h.send({ deviceId });
    for (const deviceId of ids) await waitUntilRecorded(h, deviceId);

    // Assess: the CPE agent does not reconnect, so from the restart on HTTP must take over
    const records = await Promise.all(
      ids.map(async (id) => (await h.devices.getDevice(id))?.lastConnectionRequest),
    );
    assert.deepEqual(
      records.map((r) => r?.outcome),
      ids.map(() => "delivered"),
    );
    assert.deepEqual(
      records.slice(10).map((r) => r?.method),
      ids.slice(10).map(() => "http"),
    );
    await waitForStatus(session, "online");
    await waitUntil(() => h.service.health().inFlight === 0, "nothing in flight");
    assert.equal(await h.queueDepth(), 0);
    assert.equal(await h.queueDepth(h.sqs.dlqUrl), 0);
  });
});

/** Until the device carries a final outcome (not the interim XMPP "fallback" record). */
async function waitUntilRecorded(h: Harness, deviceId: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const outcome = (await h.devices.getDevice(deviceId))?.lastConnectionRequest?.outcome;
    if (outcome !== undefined && outcome !== "fallback") return;
    if (Date.now() > deadline) throw new Error(`no outcome recorded for ${deviceId}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
