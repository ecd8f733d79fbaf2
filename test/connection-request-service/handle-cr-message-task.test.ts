import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createStaticCrCredentials } from "../../functions/adapters/credentials/static-cr-credentials.ts";
import { createMemoryStores } from "../../functions/adapters/memory/index.ts";
import { builtInTaskDefaults } from "../../functions/config/task-defaults.ts";
import { createCrMessageHandler } from "../../functions/connection-request-service/handle-cr-message.ts";
import { defaultIdempotencyKey } from "../../functions/connection-request-service/queue-message-task.ts";
import type { HttpCrSender } from "../../functions/ports.ts";
import { sessionState } from "../adapters/store-contract/fixtures.ts";
import {
  httpBusy,
  httpDelivered,
  recordingLogger,
  recordingMetrics,
  seedDevice,
  t0,
} from "./fixtures.ts";

const URL_A = "http://cpe-a.example:7547/cr";
const DAY_MS = 24 * 3_600_000;
const reboot = { name: "reboot" } as const;

/** The handler on memory stores; `steps` records task creations and wake-ups in order. */
async function setup(options: { inSession?: boolean; busy?: boolean } = {}) {
  const stores = createMemoryStores();
  await seedDevice(stores.devices, {
    deviceId: "dev-a",
    connectionRequestUrl: URL_A,
    ...(options.inSession === true && { inSession: true, at: t0 - 1_000 }),
  });
  const steps: string[] = [];
  const createTask = stores.tasks.createTask.bind(stores.tasks);
  stores.tasks.createTask = async (task) => {
    steps.push(`task ${task.id}`);
    await createTask(task);
  };
  const sendHttp: HttpCrSender = async (request) => {
    steps.push(`cr ${request.url}`);
    return options.busy === true ? httpBusy() : httpDelivered;
  };
  const metrics = recordingMetrics();
  let issued = 0;
  const handle = createCrMessageHandler({
    devices: stores.devices,
    tasks: stores.tasks,
    taskDefaults: builtInTaskDefaults,
    ids: { sortableId: (now) => `T${now}-${++issued}` },
    credentials: createStaticCrCredentials({ username: "u", password: "p" }),
    xmpp: undefined,
    sendHttp,
    clock: { now: () => t0 },
    logger: recordingLogger(),
    metrics,
    settings: {
      dedupWindowMs: 10_000,
      xmppTimeoutMs: 1_000,
      busy: { maxAttempts: 4, baseSeconds: 5, maxSeconds: 300 },
    },
    random: () => 0.5,
  });
  const deliver = (body: unknown, messageId = "m-1", receiveCount = 1) =>
    handle({
      messageId,
      body: typeof body === "string" ? body : JSON.stringify(body),
      receiveCount,
    });
  const tasksOf = (deviceId = "dev-a") => stores.tasks.listTasks(deviceId);
  return { stores, steps, metrics, deliver, tasksOf };
}

function event(detail: unknown) {
  return { version: "0", id: "e-1", "detail-type": "ConnectionRequest", source: "test", detail };
}

describe("createCrMessageHandler with a task", () => {
  it("queues the task with the API's defaults, then sends the connection request", async () => {
    // Prepare
    const { deliver, steps, tasksOf, metrics } = await setup();
    const task = { name: "getParameterValues", parameterNames: ["Device.DeviceInfo."] };

    // Act
    const disposition = await deliver({ deviceId: "dev-a", task });

    // Assess
    assert.deepEqual(disposition, { kind: "delete" });
    assert.deepEqual(steps, [`task T${t0}-1`, `cr ${URL_A}`]);
    assert.deepEqual(await tasksOf(), [
      {
        id: `T${t0}-1`,
        deviceId: "dev-a",
        spec: task,
        status: "pending",
        createdAt: t0,
        updatedAt: t0,
        expiresAt: t0 + 7 * DAY_MS,
        attempts: 0,
        maxAttempts: 3,
        idempotencyKey: defaultIdempotencyKey("m-1"),
      },
    ]);
    assert.equal(metrics.total("CrTaskQueued"), 1);
  });

  it("reads the task from an EventBridge event's detail, normalised by the API schema", async () => {
    // Prepare
    const { deliver, tasksOf } = await setup();
    const task = { name: "setParameterValues", parameterValues: [["Device.X.Y", "1", "xsd:int"]] };

    // Act
    await deliver(event({ deviceId: "dev-a", task }));

    // Assess
    const [queued] = await tasksOf();
    assert.deepEqual(queued?.spec, {
      name: "setParameterValues",
      parameterValues: [["Device.X.Y", "1", "int"]],
    });
  });

  it("queues one task when the same SQS message is delivered twice (busy retry)", async () => {
    // Prepare
    const { deliver, steps, tasksOf } = await setup({ busy: true });

    // Act
    const first = await deliver({ deviceId: "dev-a", task: reboot }, "m-7", 1);
    const again = await deliver({ deviceId: "dev-a", task: reboot }, "m-7", 2);

    // Assess
    assert.equal(first.kind, "retry");
    assert.equal(again.kind, "retry");
    assert.equal((await tasksOf()).length, 1);
    assert.deepEqual(steps, [`task T${t0}-1`, `cr ${URL_A}`, `cr ${URL_A}`]);
  });

  it("queues a task per SQS message when messages name no key", async () => {
    // Prepare
    const { deliver, tasksOf } = await setup();

    // Act
    await deliver({ deviceId: "dev-a", task: reboot }, "m-1");
    await deliver({ deviceId: "dev-a", task: reboot }, "m-2");

    // Assess
    assert.equal((await tasksOf()).length, 2);
  });

  it("queues one task for distinct messages carrying the same idempotencyKey", async () => {
    // Prepare
    const { deliver, tasksOf, metrics } = await setup();
    const body = { deviceId: "dev-a", task: reboot, idempotencyKey: "order-42" };

    // Act
    await deliver(body, "m-1");
    await deliver(event(body), "m-2");

    // Assess
    const tasks = await tasksOf();
    assert.deepEqual(
      tasks.map((task) => task.idempotencyKey),
      ["order-42"],
    );
    assert.equal(metrics.total("CrTaskQueued"), 1);
  });

  for (const [name, body, field] of [
    ["a direct message", { deviceId: "dev-a", task: { name: "reboot", delay: 5 } }, /^task:/],
    [
      "an event",
      event({ deviceId: "dev-a", task: { name: "getParameterValues", parameterNames: ["a b"] } }),
      /^detail\.task\.parameterNames\.0:/,
    ],
    ["a bad key", { deviceId: "dev-a", task: reboot, idempotencyKey: "" }, /^idempotencyKey:/],
  ] as const) {
    it(`dead-letters ${name} with an invalid task, naming the field`, async () => {
      // Prepare
      const { deliver, steps, tasksOf } = await setup();

      // Act
      const disposition = await deliver(body);

      // Assess
      assert.equal(disposition.kind, "dead-letter");
      assert.match(disposition.kind === "dead-letter" ? disposition.reason : "", field);
      assert.deepEqual(steps, []);
      assert.deepEqual(await tasksOf(), []);
    });
  }

  it("queues nothing for an unknown device and drops the message as today", async () => {
    // Prepare
    const { deliver, steps, metrics, tasksOf } = await setup();

    // Act
    const disposition = await deliver({ deviceId: "nobody", task: reboot });

    // Assess
    assert.deepEqual(disposition, { kind: "delete" });
    assert.deepEqual(steps, []);
    assert.deepEqual(await tasksOf("nobody"), []);
    assert.equal(metrics.total("CrSkipped", { Reason: "unknown-device" }), 1);
  });

  it("drops the message and frees the key when the device vanishes before its task", async () => {
    // Prepare
    const { stores, deliver, steps, metrics } = await setup();
    const real = await stores.devices.getDevice("dev-a");
    stores.devices.getDevice = async (id) => (real ? { ...real, id } : undefined);

    // Act
    const disposition = await deliver({ deviceId: "ghost", task: reboot, idempotencyKey: "k" });

    // Assess
    assert.deepEqual(disposition, { kind: "delete" });
    assert.equal(steps.filter((step) => step.startsWith("cr")).length, 0);
    assert.equal(metrics.total("CrSkipped", { Reason: "unknown-device" }), 1);
    const claim = {
      deviceId: "ghost",
      key: "k",
      taskId: "x",
      requestHash: "h",
      now: t0,
      expiresAt: t0 + 1,
    };
    assert.equal(await stores.tasks.claimIdempotencyKey(claim), undefined);
  });

  it("drops an expired request whole: no task, no wake-up", async () => {
    // Prepare
    const { deliver, steps, tasksOf, metrics } = await setup();

    // Act
    const disposition = await deliver({ deviceId: "dev-a", task: reboot, notAfter: t0 - 1 });

    // Assess
    assert.deepEqual(disposition, { kind: "delete" });
    assert.deepEqual(steps, []);
    assert.deepEqual(await tasksOf(), []);
    assert.equal(metrics.total("CrExpired"), 1);
  });

  it("queues the task of a request deferred because the device is in session, to look again after its lease", async () => {
    // Prepare: the lease runs until t0 + 29 s.
    const { deliver, steps, tasksOf, metrics } = await setup({ inSession: true });

    // Act
    const disposition = await deliver({ deviceId: "dev-a", task: reboot });

    // Assess
    assert.deepEqual(disposition, {
      kind: "retry",
      delaySeconds: 30,
      reason: "in session; looked at again once its lease has run out",
    });
    assert.deepEqual(steps, [`task T${t0}-1`]);
    assert.equal((await tasksOf()).length, 1);
    assert.equal(metrics.total("CrSkipped", { Reason: "in-session" }), 1);
  });

  it("drops the deferred request once a session since the request has taken the task", async () => {
    // Prepare
    const { deliver, steps, metrics, stores } = await setup({ inSession: true });
    const body = { deviceId: "dev-a", task: reboot, requestedAt: t0 - 10 };
    await deliver(body);
    const session = sessionState("dev-a", "session-dev-a", t0 - 1_000);
    await stores.devices.closeSession(session, { dequeue: [`T${t0}-1`] }, t0 + 5);

    // Act
    const again = await deliver(body, "m-1", 2);

    // Assess
    assert.deepEqual(again, { kind: "delete" });
    assert.deepEqual(steps, [`task T${t0}-1`], "no connection request");
    assert.equal(metrics.total("CrSkipped", { Reason: "served" }), 1);
  });

  it("wakes the device when the session ended without the deferred request's task", async () => {
    // Prepare: the session ends (at the exchange limit, say) with the task still queued.
    const { deliver, steps, stores } = await setup({ inSession: true });
    const body = { deviceId: "dev-a", task: reboot, requestedAt: t0 - 10 };
    await deliver(body);
    await stores.devices.closeSession(sessionState("dev-a", "session-dev-a", t0 - 1_000), {}, t0);

    // Act
    const again = await deliver(body, "m-1", 2);

    // Assess
    assert.deepEqual(again, { kind: "delete" });
    assert.deepEqual(steps, [`task T${t0}-1`, `cr ${URL_A}`]);
  });

  it("gives up looking again after the busy attempts, as a skip", async () => {
    // Prepare
    const { deliver, steps } = await setup({ inSession: true });

    // Act: the fourth receipt (busy maxAttempts 4) of a request whose device is still in session.
    const last = await deliver({ deviceId: "dev-a", task: reboot }, "m-1", 4);

    // Assess
    assert.deepEqual(last, { kind: "delete" });
    assert.deepEqual(steps, [`task T${t0}-1`]);
  });

  it("queues the task of a request skipped because the device was just woken", async () => {
    // Prepare
    const { deliver, steps, tasksOf, metrics } = await setup();
    await deliver({ deviceId: "dev-a" }, "m-1");

    // Act
    await deliver({ deviceId: "dev-a", task: reboot }, "m-2");

    // Assess
    assert.deepEqual(steps, [`cr ${URL_A}`, `task T${t0}-1`]);
    assert.equal((await tasksOf()).length, 1);
    assert.equal(metrics.total("CrSkipped", { Reason: "recently-woken" }), 1);
  });

  it("frees the key when the store fails, so the redelivery queues the task once", async () => {
    // Prepare
    const { stores, deliver, tasksOf } = await setup();
    const createTask = stores.tasks.createTask;
    stores.tasks.createTask = async () => {
      throw new Error("table unavailable");
    };
    await assert.rejects(deliver({ deviceId: "dev-a", task: reboot }, "m-9"), /unavailable/);
    stores.tasks.createTask = createTask;

    // Act
    const disposition = await deliver({ deviceId: "dev-a", task: reboot }, "m-9", 2);

    // Assess
    assert.deepEqual(disposition, { kind: "delete" });
    assert.equal((await tasksOf()).length, 1);
  });
});
