import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { waitUntil } from "../simulator/wait-until.ts";
import { fakeHttp, httpBusy, httpDelivered, seedDevice } from "./fixtures.ts";
import { type Harness, receiveDeadLetters, startHarness } from "./harness.ts";

const harnesses: Harness[] = [];

async function seeded(options: Parameters<typeof startHarness>[0] = {}): Promise<Harness> {
  const h = await startHarness(options);
  harnesses.push(h);
  await seedDevice(h.devices, {
    deviceId: "dev-1",
    connectionRequestUrl: "http://dev-1.test/cr",
    at: Date.now() - 60_000,
  });
  return h;
}

/** An EventBridge event as a rule with no input transformer puts it on the queue. */
function event(detail: unknown) {
  return {
    version: "0",
    id: "6f1c2d3e-0000-4000-8000-000000000001",
    "detail-type": "ConnectionRequest",
    source: "acs.test",
    account: "123456789012",
    time: new Date().toISOString(),
    region: "eu-west-1",
    resources: [],
    detail,
  };
}

describe("connection-request service on local-aws-sqs: a message with a task", () => {
  after(async () => {
    await Promise.all(harnesses.map((h) => h.stop()));
  });

  it("queues the event's task for the device, then wakes it", async () => {
    // Prepare
    const http = fakeHttp(httpDelivered);
    const h = await seeded({ sendHttp: http });
    const task = { name: "getParameterValues", parameterNames: ["Device.DeviceInfo."] };

    // Act
    await h.send(event({ deviceId: "dev-1", reason: "ticket 7", task }));
    await waitUntil(() => h.metrics.total("CrDelivered") === 1, "the connection request");

    // Assess
    const tasks = await h.tasks.listTasks("dev-1");
    assert.equal(tasks.length, 1);
    assert.deepEqual(tasks[0]?.spec, task);
    assert.equal(tasks[0]?.status, "pending");
    assert.deepEqual(
      http.calls.map((call) => call.url),
      ["http://dev-1.test/cr"],
    );
  });

  it("queues the task once although SQS redelivers the message after a busy CPE", async () => {
    // Prepare
    const http = fakeHttp(httpBusy(1), httpDelivered);
    const h = await seeded({ sendHttp: http });

    // Act
    await h.send(event({ deviceId: "dev-1", task: { name: "reboot" } }));
    await waitUntil(() => h.metrics.total("CrDelivered") === 1, "delivery after the retry");

    // Assess
    assert.equal(http.calls.length, 2);
    assert.equal((await h.tasks.listTasks("dev-1")).length, 1);
  });

  it("dead-letters an event whose task is invalid, naming the field", async () => {
    // Prepare
    const h = await seeded();

    // Act
    await h.send(event({ deviceId: "dev-1", task: { name: "reboot", when: "now" } }));
    await waitUntil(() => h.metrics.total("CrDeadLettered") === 1, "the dead letter");

    // Assess
    const [letter] = await receiveDeadLetters(h.sqs);
    assert.match(letter?.MessageAttributes?.reason?.StringValue ?? "", /^detail\.task:/);
    assert.deepEqual(await h.tasks.listTasks("dev-1"), []);
  });
});
