import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { SessionLostError } from "../../../functions/port-errors.ts";
import {
  type CreateStores,
  deviceA,
  informFacts,
  registerDevice,
  sessionState,
  t0,
  taskRecord,
} from "./fixtures.ts";

/**
 * The close conditional on the queue the session saw (DeviceStore.closeSession `queueSeen`): a
 * task queued meanwhile refuses it, with nothing written and the queue handed back.
 */
export function closeQueueContract(createStores: CreateStores): void {
  describe("closeSession with queueSeen", () => {
    it("refuses while the queue holds a task queued since, and writes nothing", async () => {
      // Prepare
      const stores = await createStores();
      await registerDevice(stores, deviceA);
      await stores.tasks.createTask(taskRecord(deviceA, "task-1", t0 + 10));
      const now = t0 + 1_000;
      const session = sessionState(deviceA, "s1", now);
      await stores.devices.openSession(informFacts(deviceA), session, now);
      await stores.tasks.createTask(taskRecord(deviceA, "task-2", now + 10));

      // Act
      const outcome = await stores.devices.closeSession(
        session,
        { dequeue: ["task-1"] },
        now + 50,
        { queueSeen: ["task-1"] },
      );

      // Assess
      assert.deepEqual(outcome, { kind: "queue-changed", taskQueue: ["task-1", "task-2"] });
      const live = await stores.devices.loadSession(deviceA, "s1", now + 60);
      assert.deepEqual(live?.device.taskQueue, ["task-1", "task-2"]);
      assert.ok((live?.device.lastSessionEndedAt ?? 0) < now);
    });

    it("closes when the queue is what the session saw, its dequeues included", async () => {
      // Prepare
      const stores = await createStores();
      await registerDevice(stores, deviceA);
      await stores.tasks.createTask(taskRecord(deviceA, "task-1", t0 + 10));
      await stores.tasks.createTask(taskRecord(deviceA, "task-2", t0 + 20));
      const now = t0 + 1_000;
      const session = sessionState(deviceA, "s1", now);
      await stores.devices.openSession(informFacts(deviceA), session, now);

      // Act
      const outcome = await stores.devices.closeSession(
        session,
        { dequeue: ["task-1"] },
        now + 50,
        { queueSeen: ["task-2", "task-1"] },
      );

      // Assess
      assert.deepEqual(outcome, { kind: "closed" });
      const device = await stores.devices.getDevice(deviceA);
      assert.deepEqual(device?.taskQueue, ["task-2"]);
      assert.equal(device?.lastSessionEndedAt, now + 50);
    });

    it("with queueSeen empty, refuses once a task is queued, and throws SessionLostError for a lost lease", async () => {
      // Prepare
      const stores = await createStores();
      const now = t0 + 1_000;
      const session = sessionState(deviceA, "s1", now);
      await stores.devices.openSession(informFacts(deviceA), session, now);
      await stores.tasks.createTask(taskRecord(deviceA, "task-1", now + 10));

      // Act
      const refused = await stores.devices.closeSession(session, {}, now + 20, { queueSeen: [] });
      const stale = sessionState(deviceA, "s0", now);
      const lost = stores.devices.closeSession(stale, {}, now + 30, { queueSeen: ["task-1"] });

      // Assess
      assert.deepEqual(refused, { kind: "queue-changed", taskQueue: ["task-1"] });
      await assert.rejects(lost, SessionLostError);
      assert.ok(await stores.devices.loadSession(deviceA, "s1", now + 40));
    });
  });
}
