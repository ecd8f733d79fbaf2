import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { describe, it } from "node:test";
import { createStaticCrCredentials } from "../../functions/adapters/credentials/static-cr-credentials.ts";
import { createAesGcmSealer } from "../../functions/adapters/crypto/aes-gcm-sealer.ts";
import { createMemoryStores } from "../../functions/adapters/memory/index.ts";
import { builtInTaskDefaults } from "../../functions/config/task-defaults.ts";
import { createCrMessageHandler } from "../../functions/connection-request-service/handle-cr-message.ts";
import { builtInSecretPolicy } from "../../functions/core/model/secret-parameters.ts";
import type { TaskSecrets } from "../../functions/tasks/task-secrets.ts";
import { httpDelivered, recordingLogger, recordingMetrics, seedDevice, t0 } from "./fixtures.ts";

const psk = "Device.WiFi.AccessPoint.1.Security.KeyPassphrase";
const message = {
  deviceId: "dev-a",
  task: { name: "setParameterValues", parameterValues: [[psk, "queue-secret-1"]] },
};

/** The handler on memory stores, with or without a sealing key. */
async function setup(taskSecrets?: TaskSecrets, body: object = message) {
  const stores = createMemoryStores();
  await seedDevice(stores.devices, { deviceId: "dev-a", connectionRequestUrl: "http://a/cr" });
  let issued = 0;
  const handle = createCrMessageHandler({
    devices: stores.devices,
    tasks: stores.tasks,
    taskDefaults: builtInTaskDefaults,
    ...(taskSecrets && { taskSecrets }),
    ids: { sortableId: (now) => `T${now}-${++issued}` },
    credentials: createStaticCrCredentials({ username: "u", password: "p" }),
    xmpp: undefined,
    sendHttp: async () => httpDelivered,
    clock: { now: () => t0 },
    logger: recordingLogger(),
    metrics: recordingMetrics(),
    settings: {
      dedupWindowMs: 10_000,
      xmppTimeoutMs: 1_000,
      busy: { maxAttempts: 4, baseSeconds: 5, maxSeconds: 300 },
    },
    random: () => 0.5,
  });
  const deliver = () => handle({ messageId: "m-1", body: JSON.stringify(body), receiveCount: 1 });
  return { stores, deliver };
}

describe("a queue message whose task carries a secret value", () => {
  it("queues the task with the value sealed", async () => {
    // Prepare
    const { stores, deliver } = await setup({
      policy: builtInSecretPolicy,
      sealer: createAesGcmSealer(randomBytes(32)),
    });

    // Act
    const disposition = await deliver();

    // Assess
    assert.equal(disposition.kind, "delete");
    const [task] = await stores.tasks.listTasks("dev-a");
    assert.ok(task?.spec.name === "setParameterValues");
    assert.equal(task.spec.sealedValues?.[0]?.[0], psk);
    assert.ok(!JSON.stringify(task).includes("queue-secret-1"));
  });

  it("queues a Download with its file server password sealed", async () => {
    // Prepare
    const { stores, deliver } = await setup(
      { policy: builtInSecretPolicy, sealer: createAesGcmSealer(randomBytes(32)) },
      {
        deviceId: "dev-a",
        task: {
          name: "download",
          fileType: "1 Firmware Upgrade Image",
          url: "https://f/fw",
          password: "queue-secret-2",
        },
      },
    );

    // Act
    const disposition = await deliver();

    // Assess
    assert.equal(disposition.kind, "delete");
    const [task] = await stores.tasks.listTasks("dev-a");
    assert.ok(task?.spec.name === "download" && task.spec.sealedPassword !== undefined);
    assert.ok(!JSON.stringify(task).includes("queue-secret-2"));
  });

  it("dead-letters the message when no sealing key is configured, queueing nothing", async () => {
    // Prepare
    const { stores, deliver } = await setup();

    // Act
    const disposition = await deliver();

    // Assess
    assert.equal(disposition.kind, "dead-letter");
    assert.match(disposition.kind === "dead-letter" ? disposition.reason : "", /ACS_SECRETS_KEY/);
    assert.deepEqual(await stores.tasks.listTasks("dev-a"), []);
  });
});
