import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createMemoryStores } from "../../functions/adapters/memory/index.ts";
import { StoreUnavailableError } from "../../functions/port-errors.ts";
import { type QueueTaskDeps, queueTask } from "../../functions/tasks/queue-task.ts";
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

  it("throws a store failure after releasing the key", async () => {
    // Prepare
    const { deps, table } = rig();
    const failing: QueueTaskDeps = {
      ...deps,
      tasks: {
        ...deps.tasks,
        createTask: async () => {
          throw new StoreUnavailableError("createTask", { cause: new Error("throttled") });
        },
      },
    };

    // Act + Assess
    await assert.rejects(
      queueTask(failing, { deviceId, spec: { name: "reboot" }, now: t0, idempotency }),
      StoreUnavailableError,
    );
    assert.equal(table.idempotency.size, 0);
  });
});
