import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createAesGcmSealer } from "../../functions/adapters/crypto/aes-gcm-sealer.ts";
import { createMemoryStores } from "../../functions/adapters/memory/index.ts";
import { builtInSecretPolicy } from "../../functions/core/model/secret-parameters.ts";
import type { TaskSpec } from "../../functions/core/model/task.ts";
import { StoreUnavailableError } from "../../functions/port-errors.ts";
import {
  type QueueTaskDeps,
  queueTask,
  taskRequestHash,
} from "../../functions/tasks/queue-task.ts";
import { deviceRecord } from "../connection-request-service/fixtures.ts";

const t0 = 1_800_000_000_000;
const deviceId = "00D09E-HGW-S1";
const idempotency = { key: "k1", forMs: 60_000 };

function rig(options: { readonly device?: boolean } = {}) {
  const { table, ...stores } = createMemoryStores();
  if (options.device !== false) {
    const { taskQueue: _queue, ...device } = deviceRecord({ id: deviceId });
    table.devices.set(deviceId, { device, queue: new Map() });
  }
  let issued = 0;
  const deps: QueueTaskDeps = {
    tasks: stores.tasks,
    ids: { sortableId: (now) => `T${now}-${++issued}` },
    taskDefaults: { lifetimeMs: 1_000, maxAttempts: 4 },
  };
  return { deps, stores, table };
}

describe("queueTask", () => {
  it("creates a pending task from the defaults, with its origin", async () => {
    // Prepare
    const { deps, stores } = rig();

    // Act
    const queued = await queueTask(deps, {
      deviceId,
      spec: { name: "reboot" },
      now: t0,
      origin: { profile: "wifi" },
    });

    // Assess
    assert.equal(queued.kind, "created");
    assert.deepEqual(await stores.tasks.getTask(`T${t0}-1`), {
      id: `T${t0}-1`,
      deviceId,
      spec: { name: "reboot" },
      status: "pending",
      createdAt: t0,
      updatedAt: t0,
      expiresAt: t0 + 1_000,
      attempts: 0,
      maxAttempts: 4,
      profile: "wifi",
    });
  });

  it("replays the first task for a key until the key expires", async () => {
    // Prepare
    const { deps, stores } = rig();
    const request = { deviceId, spec: { name: "reboot" } as const, now: t0, idempotency };
    const first = await queueTask(deps, request);

    // Act
    const replayed = await queueTask(deps, { ...request, now: t0 + 59_999 });
    const later = await queueTask(deps, { ...request, now: t0 + 60_000 });

    // Assess
    assert.equal(replayed.kind, "replayed");
    assert.equal(
      replayed.kind === "replayed" && replayed.task.id,
      first.kind === "created" && first.task.id,
    );
    assert.equal(later.kind, "created");
    assert.equal((await stores.tasks.listTasks(deviceId)).length, 2);
  });

  it("reports an unknown device and releases the key", async () => {
    // Prepare
    const { deps, table } = rig({ device: false });

    // Act
    const queued = await queueTask(deps, {
      deviceId,
      spec: { name: "reboot" },
      now: t0,
      idempotency,
    });

    // Assess
    assert.deepEqual(queued, { kind: "unknown-device" });
    assert.equal(table.idempotency.size, 0);
  });

  it("keeps the key bound when creation fails, so the retry creates the bound task once", async () => {
    // Prepare: the store fails the first creation after the claim (a crash in between)
    const { deps, stores } = rig();
    const crashOnce = failFirstCreate(deps);
    const request = { deviceId, spec: { name: "reboot" } as const, now: t0, idempotency };
    await assert.rejects(queueTask(crashOnce, request), StoreUnavailableError);

    // Act
    const retried = await queueTask(crashOnce, { ...request, now: t0 + 1 });
    const again = await queueTask(crashOnce, { ...request, now: t0 + 2 });

    // Assess
    assert.equal(retried.kind, "created");
    assert.equal(retried.kind === "created" && retried.task.id, `T${t0}-1`);
    assert.equal(again.kind === "replayed" && again.task.id, `T${t0}-1`);
    assert.deepEqual(
      (await stores.tasks.listTasks(deviceId)).map((task) => task.id),
      [`T${t0}-1`],
    );
  });

  it("answers 20 concurrent requests with one key with one task", async () => {
    // Prepare: creation yields first, so later requests find the key bound and no task yet
    const { deps, stores } = rig();
    const slow = yieldBeforeCreate(deps);
    const request = { deviceId, spec: { name: "reboot" } as const, now: t0, idempotency };

    // Act
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => queueTask(slow, { ...request, now: t0 + i })),
    );

    // Assess
    const tasks = await stores.tasks.listTasks(deviceId);
    assert.equal(tasks.length, 1);
    assert.deepEqual(
      new Set(answers.map((answer) => ("task" in answer ? answer.task.id : answer.kind))),
      new Set([tasks[0]?.id]),
    );
    assert.equal(answers.filter((answer) => answer.kind === "created").length, 1);
  });

  it("refuses a key reused with another spec or device, creating nothing", async () => {
    // Prepare
    const { deps, stores } = rig();
    const first = await queueTask(deps, {
      deviceId,
      spec: { name: "reboot" },
      now: t0,
      idempotency,
    });
    const firstId = first.kind === "created" ? first.task.id : "none";

    // Act
    const otherSpec = await queueTask(deps, {
      deviceId,
      spec: { name: "factoryReset" },
      now: t0 + 1,
      idempotency,
    });
    const sameSpecReordered = await queueTask(deps, {
      deviceId,
      spec: { name: "getParameterValues", parameterNames: ["Device."] },
      now: t0 + 2,
      idempotency: { ...idempotency, key: "k2" },
    });
    const reordered = await queueTask(deps, {
      deviceId,
      spec: { parameterNames: ["Device."], name: "getParameterValues" } as TaskSpec,
      now: t0 + 3,
      idempotency: { ...idempotency, key: "k2" },
    });

    // Assess
    assert.deepEqual(otherSpec, { kind: "key-reused", taskId: firstId });
    assert.equal(reordered.kind, "replayed");
    assert.equal(sameSpecReordered.kind, "created");
    assert.equal((await stores.tasks.listTasks(deviceId)).length, 2);
    assert.equal(
      taskRequestHash(deviceId, { name: "reboot" }) ===
        taskRequestHash("00D09E-HGW-S2", { name: "reboot" }),
      false,
    );
  });

  it("tells secrets apart by keyed fingerprint: the binding never holds a plain digest of one", async () => {
    // Prepare
    const { deps, table } = rig();
    const sealer = createAesGcmSealer(new Uint8Array(32).fill(7));
    const secretDeps: QueueTaskDeps = {
      ...deps,
      taskSecrets: { policy: builtInSecretPolicy, sealer },
    };
    const psk = "Device.WiFi.AccessPoint.1.Security.KeyPassphrase";
    const spec = (value: string): TaskSpec => ({
      name: "setParameterValues",
      parameterValues: [[psk, value]],
    });
    const first = await queueTask(secretDeps, {
      deviceId,
      spec: spec("weakpass1"),
      now: t0,
      idempotency,
    });

    // Act
    const retried = await queueTask(secretDeps, {
      deviceId,
      spec: spec("weakpass1"),
      now: t0 + 1,
      idempotency,
    });
    const otherSecret = await queueTask(secretDeps, {
      deviceId,
      spec: spec("weakpass2"),
      now: t0 + 2,
      idempotency,
    });

    // Assess
    assert.equal(first.kind, "created");
    assert.equal(retried.kind, "replayed");
    assert.equal(otherSecret.kind, "key-reused");
    const stored = JSON.stringify([...table.idempotency.values()]);
    assert.ok(!stored.includes(taskRequestHash(deviceId, spec("weakpass1"))), "no plain digest");
    assert.ok(!stored.includes("weakpass1"));
  });

  it("fingerprints a transfer password too: the task and the binding never hold it", async () => {
    // Prepare
    const { deps, table } = rig();
    const sealer = createAesGcmSealer(new Uint8Array(32).fill(7));
    const secretDeps: QueueTaskDeps = {
      ...deps,
      taskSecrets: { policy: builtInSecretPolicy, sealer },
    };
    const spec = (password: string): TaskSpec => ({
      name: "download",
      fileType: "1 Firmware Upgrade Image",
      url: "https://files.example.net/fw.bin",
      password,
    });
    const first = await queueTask(secretDeps, {
      deviceId,
      spec: spec("weakpass1"),
      now: t0,
      idempotency,
    });

    // Act
    const retried = await queueTask(secretDeps, {
      deviceId,
      spec: spec("weakpass1"),
      now: t0 + 1,
      idempotency,
    });
    const otherPassword = await queueTask(secretDeps, {
      deviceId,
      spec: spec("weakpass2"),
      now: t0 + 2,
      idempotency,
    });

    // Assess
    assert.equal(first.kind, "created");
    assert.equal(retried.kind, "replayed");
    assert.equal(otherPassword.kind, "key-reused");
    const stored = JSON.stringify([...table.idempotency.values(), ...table.tasks.values()]);
    assert.ok(!stored.includes(taskRequestHash(deviceId, spec("weakpass1"))), "no plain digest");
    assert.ok(!stored.includes("weakpass1"));
  });

  it("queues a replayed task whose creation stopped between the task item and its queue entry", async () => {
    // Prepare: the first request stored the task, then died before enqueueing it
    const { deps, table } = rig();
    const cutShort: QueueTaskDeps = {
      ...deps,
      tasks: {
        ...deps.tasks,
        createTask: async (task) => {
          table.tasks.set(task.id, task);
          throw new StoreUnavailableError("crashed before the queue entry");
        },
      },
    };
    await assert.rejects(
      queueTask(cutShort, { deviceId, spec: { name: "reboot" }, now: t0, idempotency }),
      StoreUnavailableError,
    );
    const taskId = [...table.tasks.keys()][0] ?? "none";
    assert.equal(table.devices.get(deviceId)?.queue.has(taskId), false, "not queued yet");

    // Act
    const retried = await queueTask(deps, {
      deviceId,
      spec: { name: "reboot" },
      now: t0 + 1,
      idempotency,
    });

    // Assess
    assert.equal(retried.kind, "replayed");
    assert.equal(retried.kind === "replayed" && retried.task.id, taskId);
    assert.equal(table.devices.get(deviceId)?.queue.has(taskId), true, "queued by the replay");
    assert.equal(table.tasks.size, 1);
  });

  it("replays a binding stored without a request hash for any request", async () => {
    // Prepare: a binding written before request hashes were stored
    const { deps, table } = rig();
    const first = await queueTask(deps, {
      deviceId,
      spec: { name: "reboot" },
      now: t0,
      idempotency,
    });
    const slot = JSON.stringify([deviceId, idempotency.key]);
    const stored = table.idempotency.get(slot);
    if (!stored) throw new Error("no binding");
    table.idempotency.set(slot, { taskId: stored.taskId, expiresAt: stored.expiresAt });

    // Act
    const replayed = await queueTask(deps, {
      deviceId,
      spec: { name: "factoryReset" },
      now: t0 + 1,
      idempotency,
    });

    // Assess
    assert.equal(replayed.kind, "replayed");
    assert.equal(
      replayed.kind === "replayed" && replayed.task.id,
      first.kind === "created" && first.task.id,
    );
  });
});

/** The store's first createTask throws (a crash between claim and creation); later ones work. */
function failFirstCreate(deps: QueueTaskDeps): QueueTaskDeps {
  let failed = false;
  return {
    ...deps,
    tasks: {
      ...deps.tasks,
      createTask: async (task) => {
        if (failed) return deps.tasks.createTask(task);
        failed = true;
        throw new StoreUnavailableError("createTask", { cause: new Error("crashed") });
      },
    },
  };
}

/** createTask waits a turn of the event loop first, as a store round trip does. */
function yieldBeforeCreate(deps: QueueTaskDeps): QueueTaskDeps {
  return {
    ...deps,
    tasks: {
      ...deps.tasks,
      createTask: async (task) => {
        await new Promise((resolve) => setImmediate(resolve));
        return deps.tasks.createTask(task);
      },
    },
  };
}
