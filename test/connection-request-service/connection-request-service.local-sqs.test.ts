import assert from "node:assert/strict";
import { request } from "node:http";
import { after, describe, it } from "node:test";
import { ReceiveMessageCommand } from "@aws-sdk/client-sqs";
import { startHealthServer } from "../../functions/adapters/health/health-server.ts";
import type { HttpCrOutcome } from "../../functions/adapters/http-cr/index.ts";
import { waitUntil } from "../simulator/wait-until.ts";
import { fakeHttp, httpBusy, httpDelivered, seedDevice } from "./fixtures.ts";
import { createGate, type Harness, receiveDeadLetters, startHarness } from "./harness.ts";

const harnesses: Harness[] = [];

async function harness(options: Parameters<typeof startHarness>[0] = {}): Promise<Harness> {
  const started = await startHarness(options);
  harnesses.push(started);
  return started;
}

async function seeded(options: Parameters<typeof startHarness>[0] = {}, ids = ["dev-1"]) {
  const h = await harness(options);
  for (const deviceId of ids) {
    await seedDevice(h.devices, {
      deviceId,
      connectionRequestUrl: `http://${deviceId}.test/cr`,
      at: Date.now() - 60_000,
    });
  }
  return h;
}

/** An HTTP sender that holds every call until `gate` opens. */
function slowHttp(gate: ReturnType<typeof createGate>, outcome: HttpCrOutcome = httpDelivered) {
  const calls: string[] = [];
  const send = async (req: { url: string }) => {
    calls.push(req.url);
    await gate.wait();
    return outcome;
  };
  return Object.assign(send, { calls });
}

async function lastOutcome(h: Harness, deviceId = "dev-1") {
  return (await h.devices.getDevice(deviceId))?.lastConnectionRequest?.outcome;
}

describe("connection-request service on local-aws-sqs", () => {
  after(async () => {
    await Promise.all(harnesses.map((h) => h.stop()));
  });

  it("records the outcome of a valid message, then deletes it", async () => {
    // Prepare
    const http = fakeHttp(httpDelivered);
    const h = await seeded({ sendHttp: http });

    // Act
    await h.send({ deviceId: "dev-1", reason: "test" });
    await waitUntil(() => http.calls.length === 1, "the HTTP connection request");
    await waitUntil(() => h.metrics.total("CrDelivered") === 1, "the outcome");

    // Assess
    assert.equal(await lastOutcome(h), "delivered");
    await waitUntilAsync(async () => (await h.queueDepth()) === 0, "the message deleted");
    assert.equal(h.service.health().healthy, true);
  });

  it("moves invalid JSON and wrong-schema messages to the DLQ with the reason", async () => {
    // Prepare
    const h = await seeded();

    // Act
    await h.send("{not json");
    await h.send({ device: "dev-1" });
    await waitUntilAsync(async () => (await h.queueDepth(h.sqs.dlqUrl)) === 2, "two dead letters");

    // Assess
    const letters = [...(await receiveDeadLetters(h.sqs)), ...(await receiveDeadLetters(h.sqs))];
    const byBody = new Map(letters.map((m) => [m.Body, m.MessageAttributes?.reason?.StringValue]));
    assert.match(byBody.get("{not json") ?? "", /not valid JSON/);
    assert.match(byBody.get(JSON.stringify({ device: "dev-1" })) ?? "", /deviceId/);
    await waitUntilAsync(async () => (await h.queueDepth()) === 0, "main queue empty");
  });

  it("handles several messages at once, up to the concurrency", async () => {
    // Prepare
    const gate = createGate();
    const http = slowHttp(gate);
    const ids = ["dev-1", "dev-2", "dev-3", "dev-4", "dev-5"];
    const h = await seeded({ sendHttp: http, config: { concurrency: 4 } }, ids);

    // Act
    for (const deviceId of ids) await h.send({ deviceId });
    await waitUntil(() => gate.waiting === 4, "four connection requests in flight");
    const inFlightAtPeak = h.service.health().inFlight;
    gate.open();
    await waitUntil(() => h.metrics.total("CrDelivered") === 5, "all five delivered");

    // Assess
    assert.equal(inFlightAtPeak, 4);
    assert.deepEqual(http.calls.sort(), ids.map((id) => `http://${id}.test/cr`).sort());
  });

  it("keeps a slow CR's message invisible to another consumer (heartbeat)", async () => {
    // Prepare: visibility 2 s, renewed every 0.5 s while the CR is held; concurrency 1 so the
    // service cannot take the message a second time itself
    const gate = createGate();
    const http = slowHttp(gate);
    const h = await seeded({
      sendHttp: http,
      config: { visibilityTimeoutSeconds: 2, heartbeatIntervalSeconds: 0.5, concurrency: 1 },
    });
    await h.send({ deviceId: "dev-1" });
    await waitUntil(() => gate.waiting === 1, "the CR in flight");

    // Act: a second consumer polls for longer than the visibility timeout
    const stolen = await pollFor(h, 3_500);
    gate.open();
    await waitUntil(() => h.metrics.total("CrDelivered") === 1, "the outcome");

    // Assess
    assert.deepEqual(stolen, []);
    assert.equal(http.calls.length, 1);
    await waitUntilAsync(async () => (await h.queueDepth()) === 0, "the message deleted");
  });

  it("without a heartbeat the same slow message is redelivered (control for the test above)", async () => {
    // Prepare
    const gate = createGate();
    const h = await seeded({
      sendHttp: slowHttp(gate),
      config: { visibilityTimeoutSeconds: 2, heartbeatIntervalSeconds: 3_600, concurrency: 1 },
    });
    await h.send({ deviceId: "dev-1" });
    await waitUntil(() => gate.waiting === 1, "the CR in flight");

    // Act
    const stolen = await pollFor(h, 3_500, true);
    gate.open();

    // Assess
    assert.equal(stolen.length, 1);
  });

  it("puts a busy CPE's message back and retries it later", async () => {
    // Prepare
    const http = fakeHttp(httpBusy(1), httpDelivered);
    const outcomes: string[] = [];
    const h = await seeded({ sendHttp: http });
    const record = h.devices.recordConnectionRequest.bind(h.devices);
    h.devices.recordConnectionRequest = async (id, status) => {
      outcomes.push(status.outcome);
      await record(id, status);
    };

    // Act
    await h.send({ deviceId: "dev-1" });
    await waitUntil(() => outcomes.length === 2, "the retry");

    // Assess
    assert.deepEqual(outcomes, ["retry-scheduled", "delivered"]);
    assert.equal(http.calls.length, 2);
    await waitUntilAsync(async () => (await h.queueDepth()) === 0, "the message deleted");
  });

  it("on stop, stops receiving and drains the CR in flight before resolving", async () => {
    // Prepare
    const gate = createGate();
    const h = await seeded({ sendHttp: slowHttp(gate) }, ["dev-1", "dev-2"]);
    await h.send({ deviceId: "dev-1" });
    await waitUntil(() => gate.waiting === 1, "the CR in flight");

    // Act
    const stopping = h.service.stop(10_000);
    await waitUntil(() => h.service.health().state === "stopping", "stopping");
    await h.send({ deviceId: "dev-2" });
    gate.open();
    const report = await stopping;

    // Assess
    assert.deepEqual(report, { drained: true, abandoned: 0 });
    assert.equal(await lastOutcome(h), "delivered");
    assert.equal(await lastOutcome(h, "dev-2"), undefined);
    assert.equal(await h.queueDepth(), 1, "dev-2's message stays queued for another instance");
    assert.equal(h.service.health().healthy, false);
  });

  it("reports an unfinished drain when the deadline passes", async () => {
    // Prepare
    const gate = createGate();
    const h = await seeded({ sendHttp: slowHttp(gate) });
    await h.send({ deviceId: "dev-1" });
    await waitUntil(() => gate.waiting === 1, "the CR in flight");

    // Act
    const report = await h.service.stop(50);
    gate.open();

    // Assess
    assert.deepEqual(report, { drained: false, abandoned: 1 });
  });

  it("serves GET /health: 200 with the XMPP status while polling, 503 once stopped", async () => {
    // Prepare
    const h = await seeded();
    await waitUntil(() => h.service.health().healthy, "a first successful receive");
    const server = await startHealthServer({ port: 0, health: h.service.health });

    // Act
    const running = await get(server.port);
    await h.service.stop(1_000);
    const stopped = await get(server.port);
    await server.close();

    // Assess
    assert.equal(running.status, 200);
    assert.equal(JSON.parse(running.body).xmpp.status, "disabled");
    assert.equal(stopped.status, 503);
  });
});

/** Receives from the main queue as a second consumer until `ms` passed; returns what it got. */
async function pollFor(h: Harness, ms: number, stopAtFirst = false) {
  const got: string[] = [];
  const until = Date.now() + ms;
  while (Date.now() < until && !(stopAtFirst && got.length > 0)) {
    const out = await h.sqs.client.send(
      new ReceiveMessageCommand({
        QueueUrl: h.sqs.queueUrl,
        MaxNumberOfMessages: 1,
        WaitTimeSeconds: 1,
      }),
    );
    for (const message of out.Messages ?? []) got.push(message.Body ?? "");
  }
  return got;
}

async function waitUntilAsync(condition: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function get(port: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    request({ host: "127.0.0.1", port, path: "/health" }, (response) => {
      let body = "";
      response.on("data", (chunk) => {
        body += chunk;
      });
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
    })
      .on("error", reject)
      .end();
  });
}
