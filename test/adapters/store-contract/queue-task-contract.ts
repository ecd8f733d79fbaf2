import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { StoreUnavailableError } from "../../../functions/port-errors.ts";
import type { TaskStore } from "../../../functions/ports.ts";
import { type QueueTaskDeps, queueTask } from "../../../functions/tasks/queue-task.ts";
import { type CreateStores, deviceA, registerDevice, t0 } from "./fixtures.ts";

const idempotency = { key: "retry-me", forMs: 86_400_000 };
const reboot = { deviceId: deviceA, spec: { name: "reboot" } as const, idempotency };

function queueDeps(tasks: TaskStore): QueueTaskDeps {
  let issued = 0;
  return {
    tasks,
    ids: { sortableId: (now) => `T${now}-${String(++issued).padStart(3, "0")}` },
    taskDefaults: { lifetimeMs: 3_600_000, maxAttempts: 3 },
  };
}

/** The store's first createTask throws before writing (a crash between claim and creation). */
function crashOnFirstCreate(tasks: TaskStore): TaskStore {
  let crashed = false;
  return {
    ...tasks,
    createTask: async (task) => {
      if (crashed) return tasks.createTask(task);
      crashed = true;
      throw new StoreUnavailableError("createTask", { cause: new Error("injected crash") });
    },
  };
}

/** queueTask over the store: an Idempotency-Key queues exactly one task. */
export function queueTaskContract(createStores: CreateStores): void {
  describe("queueTask with an idempotency key", () => {
    it("answers 20 concurrent requests with one key with one task", async () => {
      // Prepare
      const stores = await createStores();
      await registerDevice(stores, deviceA);
      const deps = queueDeps(stores.tasks);

      // Act
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, i) => queueTask(deps, { ...reboot, now: t0 + 10 + i })),
      );

      // Assess
      const tasks = await stores.tasks.listTasks(deviceA);
      assert.equal(tasks.length, 1);
      const ids = answers.map((answer) => ("task" in answer ? answer.task.id : answer.kind));
      assert.deepEqual(new Set(ids), new Set([tasks[0]?.id]));
      assert.equal(answers.filter((answer) => answer.kind === "created").length, 1);
    });

    it("creates the bound task exactly once when 20 retries follow a crash after the claim", async () => {
      // Prepare
      const stores = await createStores();
      await registerDevice(stores, deviceA);
      const deps = queueDeps(crashOnFirstCreate(stores.tasks));
      await assert.rejects(queueTask(deps, { ...reboot, now: t0 + 10 }), StoreUnavailableError);

      // Act
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, i) => queueTask(deps, { ...reboot, now: t0 + 20 + i })),
      );

      // Assess
      const tasks = await stores.tasks.listTasks(deviceA);
      assert.deepEqual(
        tasks.map((task) => task.id),
        [`T${t0 + 10}-001`],
      );
      const ids = answers.map((answer) => ("task" in answer ? answer.task.id : answer.kind));
      assert.deepEqual(new Set(ids), new Set([`T${t0 + 10}-001`]));
      const device = await stores.devices.getDevice(deviceA);
      assert.deepEqual(device?.taskQueue, [`T${t0 + 10}-001`]);
    });

    it("refuses the key with another task spec and creates nothing", async () => {
      // Prepare
      const stores = await createStores();
      await registerDevice(stores, deviceA);
      const deps = queueDeps(stores.tasks);
      const first = await queueTask(deps, { ...reboot, now: t0 + 10 });

      // Act
      const reused = await queueTask(deps, {
        ...reboot,
        spec: { name: "factoryReset" },
        now: t0 + 20,
      });

      // Assess
      assert.deepEqual(reused, {
        kind: "key-reused",
        taskId: first.kind === "created" ? first.task.id : "none",
      });
      assert.equal((await stores.tasks.listTasks(deviceA)).length, 1);
    });

    it("lets an expired key queue a new task (expiry is data)", async () => {
      // Prepare
      const stores = await createStores();
      await registerDevice(stores, deviceA);
      const deps = queueDeps(stores.tasks);
      await queueTask(deps, { ...reboot, now: t0 + 10 });

      // Act
      const later = await queueTask(deps, {
        ...reboot,
        spec: { name: "factoryReset" },
        now: t0 + 10 + idempotency.forMs,
      });

      // Assess
      assert.equal(later.kind, "created");
      assert.equal((await stores.tasks.listTasks(deviceA)).length, 2);
    });
  });
}
