import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { TaskRecord } from "../../../functions/core/model/task.ts";
import { InvalidCursorError } from "../../../functions/port-errors.ts";
import type { RecentTaskQuery } from "../../../functions/ports.ts";
import {
  type ContractStores,
  type CreateStores,
  deviceA,
  deviceB,
  registerDevice,
  t0,
  taskRecord,
} from "./fixtures.ts";

const hourMs = 3_600_000;
const dayMs = 24 * hourMs;

/** Five tasks over three UTC days and two devices; TASK-C faulted, TASK-E cancelled. */
async function seed(stores: ContractStores): Promise<TaskRecord[]> {
  await registerDevice(stores, deviceA, t0 - 3 * dayMs);
  await registerDevice(stores, deviceB, t0 - 3 * dayMs);
  const tasks = [
    taskRecord(deviceA, "TASK-A", t0 - 2 * dayMs),
    taskRecord(deviceB, "TASK-B", t0 - dayMs - hourMs),
    taskRecord(deviceA, "TASK-C", t0 - dayMs),
    taskRecord(deviceB, "TASK-D", t0 - hourMs),
    taskRecord(deviceA, "TASK-E", t0),
  ];
  for (const task of tasks) await stores.tasks.createTask(task);
  const faulted: TaskRecord = {
    ...(tasks[2] as TaskRecord),
    status: "faulted",
    fault: { code: 9008, string: "Attempt to set a non-writable parameter" },
  };
  await stores.tasks.updateTask(faulted, "pending");
  await stores.tasks.updateTask({ ...(tasks[4] as TaskRecord), status: "cancelled" }, "pending");
  return tasks;
}

/** Every page's ids, following cursors to the end. */
async function walk(stores: ContractStores, query: RecentTaskQuery): Promise<string[][]> {
  const pages: string[][] = [];
  let cursor: string | undefined;
  do {
    const page = await stores.tasks.listRecentTasks({ ...query, ...(cursor && { cursor }) });
    pages.push(page.tasks.map((task) => task.id));
    cursor = page.cursor;
  } while (cursor && pages.length < 10);
  return pages;
}

const base = { since: t0 - 7 * dayMs, now: t0 + hourMs, limit: 50 };

/** TaskStore.listRecentTasks: newest first, fleet-wide or per device, filtered, paged. */
export function recentTasksContract(createStores: CreateStores): void {
  describe("listRecentTasks", () => {
    it("lists every device's tasks newest first across days, whole records", async () => {
      // Prepare
      const stores = await createStores();
      await seed(stores);

      // Act
      const page = await stores.tasks.listRecentTasks(base);

      // Assess
      assert.deepEqual(
        page.tasks.map((task) => task.id),
        ["TASK-E", "TASK-D", "TASK-C", "TASK-B", "TASK-A"],
      );
      assert.equal(page.cursor, undefined);
      assert.deepEqual(
        page.tasks.find((task) => task.id === "TASK-C"),
        await stores.tasks.getTask("TASK-C"),
      );
    });

    it("pages with a cursor, each task exactly once", async () => {
      // Prepare
      const stores = await createStores();
      await seed(stores);

      // Act
      const pages = await walk(stores, { ...base, limit: 2 });

      // Assess
      assert.deepEqual(pages.slice(0, 3), [["TASK-E", "TASK-D"], ["TASK-C", "TASK-B"], ["TASK-A"]]);
      assert.deepEqual(pages.flat(), ["TASK-E", "TASK-D", "TASK-C", "TASK-B", "TASK-A"]);
    });

    it("filters by status, and by device (also with status and paging)", async () => {
      // Prepare
      const stores = await createStores();
      await seed(stores);

      // Act
      const faulted = await stores.tasks.listRecentTasks({ ...base, status: "faulted" });
      const ofA = await walk(stores, { ...base, deviceId: deviceA, limit: 1 });
      const pendingOfB = await stores.tasks.listRecentTasks({
        ...base,
        deviceId: deviceB,
        status: "pending",
      });
      const pendingOfA = await stores.tasks.listRecentTasks({
        ...base,
        deviceId: deviceA,
        status: "pending",
      });

      // Assess
      assert.deepEqual(
        faulted.tasks.map((task) => [task.id, task.fault?.code]),
        [["TASK-C", 9008]],
      );
      assert.deepEqual(ofA.flat(), ["TASK-E", "TASK-C", "TASK-A"]);
      assert.deepEqual(
        pendingOfB.tasks.map((task) => task.id),
        ["TASK-D", "TASK-B"],
      );
      assert.deepEqual(
        pendingOfA.tasks.map((task) => task.id),
        ["TASK-A"],
      );
    });

    it("lists nothing created before `since`", async () => {
      // Prepare
      const stores = await createStores();
      await seed(stores);

      // Act
      const fleet = await stores.tasks.listRecentTasks({ ...base, since: t0 - dayMs });
      const ofB = await stores.tasks.listRecentTasks({
        ...base,
        deviceId: deviceB,
        since: t0 - dayMs,
      });

      // Assess
      assert.deepEqual(
        fleet.tasks.map((task) => task.id),
        ["TASK-E", "TASK-D", "TASK-C"],
      );
      assert.deepEqual(
        ofB.tasks.map((task) => task.id),
        ["TASK-D"],
      );
    });

    it("refuses a malformed cursor with InvalidCursorError", async () => {
      // Prepare
      const stores = await createStores();
      await seed(stores);
      const forged = Buffer.from(JSON.stringify({ v: 1, b: "not a key" })).toString("base64url");

      // Act / Assess
      for (const cursor of ["%%%", forged, "e30"]) {
        await assert.rejects(
          stores.tasks.listRecentTasks({ ...base, cursor }),
          InvalidCursorError,
          cursor,
        );
      }
    });
  });
}
