import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DeviceNotFoundError, TaskConflictError } from "../../../functions/port-errors.ts";
import {
  type CreateStores,
  deviceA,
  deviceB,
  informFacts,
  registerDevice,
  sessionState,
  t0,
  taskRecord,
} from "./fixtures.ts";

/** TaskStore: task items, the device's FIFO queue, optimistic status changes. */
export function taskStoreContract(createStores: CreateStores): void {
  describe("createTask / getTask", () => {
    it("stores the task and appends it to the device's queue", async () => {
      // Prepare
      const stores = await createStores();
      await registerDevice(stores, deviceA);
      const task = taskRecord(deviceA, "task-1", t0 + 10, {
        spec: {
          name: "setParameterValues",
          parameterValues: [["Device.WiFi.SSID.1.SSID", "guest", "string"]],
          parameterKey: "k1",
        },
        idempotencyKey: "idem-1",
      });

      // Act
      await stores.tasks.createTask(task);

      // Assess
      assert.deepEqual(await stores.tasks.getTask("task-1"), task);
      assert.deepEqual((await stores.devices.getDevice(deviceA))?.taskQueue, ["task-1"]);
    });

    it("ensureQueued puts a stored task back in its device's queue once, in its place", async () => {
      // Prepare: two tasks; the first one's queue entry is gone (a creation cut short)
      const stores = await createStores();
      await registerDevice(stores, deviceA);
      const first = taskRecord(deviceA, "task-1", t0 + 10);
      const second = taskRecord(deviceA, "task-2", t0 + 20);
      await stores.tasks.createTask(first);
      await stores.tasks.createTask(second);
      await stores.tasks.dequeue(deviceA, ["task-1"]);

      // Act
      await stores.tasks.ensureQueued(first);
      await stores.tasks.ensureQueued(first);
      await stores.tasks.ensureQueued(taskRecord(deviceB, "task-9", t0 + 30));

      // Assess
      assert.deepEqual((await stores.devices.getDevice(deviceA))?.taskQueue, ["task-1", "task-2"]);
      assert.equal(await stores.devices.getDevice(deviceB), undefined, "no device item made");
    });

    it("throws DeviceNotFoundError for an unknown device and leaves nothing behind", async () => {
      // Prepare
      const stores = await createStores();

      // Act
      const creating = stores.tasks.createTask(taskRecord(deviceA, "task-1", t0));

      // Assess
      await assert.rejects(creating, (error: unknown) => {
        assert.ok(error instanceof DeviceNotFoundError);
        assert.equal(error.deviceId, deviceA);
        return true;
      });
      assert.equal(await stores.tasks.getTask("task-1"), undefined);
      assert.deepEqual(await stores.tasks.listTasks(deviceA), []);
      assert.equal(await stores.devices.getDevice(deviceA), undefined);
    });

    it("refuses an id that is already taken, keeping the stored task", async () => {
      // Prepare
      const stores = await createStores();
      await registerDevice(stores, deviceA);
      const task = taskRecord(deviceA, "task-1", t0);
      await stores.tasks.createTask(task);

      // Act
      const creating = stores.tasks.createTask({ ...task, spec: { name: "factoryReset" } });

      // Assess
      await assert.rejects(creating, TaskConflictError);
      assert.deepEqual(await stores.tasks.getTask("task-1"), task);
    });

    it("returns undefined for an unknown task", async () => {
      // Prepare
      const { tasks } = await createStores();

      // Act
      const task = await tasks.getTask("missing");

      // Assess
      assert.equal(task, undefined);
    });
  });

  describe("task queue", () => {
    it("orders the queue FIFO by creation time, then id, whatever the insertion order", async () => {
      // Prepare
      const stores = await createStores();
      await registerDevice(stores, deviceA);

      // Act
      for (const [id, createdAt] of [
        ["a", t0 + 30],
        ["z", t0 + 10],
        ["m2", t0 + 20],
        ["m1", t0 + 20],
      ] as const) {
        await stores.tasks.createTask(taskRecord(deviceA, id, createdAt));
      }

      // Assess
      assert.deepEqual((await stores.devices.getDevice(deviceA))?.taskQueue, [
        "z",
        "m1",
        "m2",
        "a",
      ]);
    });

    it("keeps the queue across Informs and dequeues idempotently", async () => {
      // Prepare
      const stores = await createStores();
      await registerDevice(stores, deviceA);
      for (const id of ["t1", "t2", "t3"]) {
        await stores.tasks.createTask(taskRecord(deviceA, id, t0 + Number(id.slice(1))));
      }
      const now = t0 + 60_000;
      const opened = await stores.devices.openSession(
        informFacts(deviceA),
        sessionState(deviceA, "s", now),
        now,
      );

      // Act
      await stores.tasks.dequeue(deviceA, ["t2", "t2", "unknown"]);
      await stores.tasks.dequeue(deviceA, ["t2"]);
      await stores.tasks.dequeue(deviceB, ["t1"]);

      // Assess
      assert.equal(opened.pending.queuedTasks, 3);
      assert.deepEqual((await stores.devices.getDevice(deviceA))?.taskQueue, ["t1", "t3"]);
      assert.equal(await stores.devices.getDevice(deviceB), undefined);
    });
  });

  describe("listTasks", () => {
    it("lists one device's tasks oldest first", async () => {
      // Prepare
      const stores = await createStores();
      await registerDevice(stores, deviceA);
      await registerDevice(stores, deviceB);
      const later = taskRecord(deviceA, "a-later", t0 + 200);
      const earlier = taskRecord(deviceA, "a-earlier", t0 + 100, { status: "done" });
      await stores.tasks.createTask(later);
      await stores.tasks.createTask(earlier);
      await stores.tasks.createTask(taskRecord(deviceB, "b-only", t0 + 50));

      // Act
      const listed = await stores.tasks.listTasks(deviceA);

      // Assess
      assert.deepEqual(listed, [earlier, later]);
    });
  });

  describe("updateTask", () => {
    it("replaces the task when its status is still the expected one", async () => {
      // Prepare
      const stores = await createStores();
      await registerDevice(stores, deviceA);
      const task = taskRecord(deviceA, "task-1", t0);
      await stores.tasks.createTask(task);
      const done = {
        ...task,
        status: "done" as const,
        updatedAt: t0 + 500,
        attempts: 1,
        result: { parameters: [{ name: "Device.X", value: "1", type: "int" }] },
      };

      // Act
      await stores.tasks.updateTask(done, "pending");

      // Assess
      assert.deepEqual(await stores.tasks.getTask("task-1"), done);
    });

    it("throws TaskConflictError when someone else moved the task on", async () => {
      // Prepare
      const stores = await createStores();
      await registerDevice(stores, deviceA);
      const task = taskRecord(deviceA, "task-1", t0);
      await stores.tasks.createTask(task);
      const cancelled = { ...task, status: "cancelled" as const, reason: "cancelled by API" };
      await stores.tasks.updateTask(cancelled, "pending");

      // Act
      const updating = stores.tasks.updateTask({ ...task, status: "running" }, "pending");

      // Assess
      await assert.rejects(updating, (error: unknown) => {
        assert.ok(error instanceof TaskConflictError);
        assert.equal(error.taskId, "task-1");
        assert.equal(error.expected, "pending");
        return true;
      });
      assert.deepEqual(await stores.tasks.getTask("task-1"), cancelled);
    });

    it("throws TaskConflictError for a task that does not exist, creating nothing", async () => {
      // Prepare
      const { tasks } = await createStores();

      // Act
      const updating = tasks.updateTask(taskRecord(deviceA, "ghost", t0), "pending");

      // Assess
      await assert.rejects(updating, TaskConflictError);
      assert.equal(await tasks.getTask("ghost"), undefined);
    });
  });
}
