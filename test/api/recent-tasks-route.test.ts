import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { TaskRecord } from "../../functions/core/model/task.ts";
import { taskRecord } from "../adapters/store-contract/fixtures.ts";
import { apiRig, deviceId, t0 } from "./api-rig.ts";

const otherDevice = "00D09E-HGW-S2";
const hourMs = 3_600_000;
const dayMs = 24 * hourMs;
const id = (n: number) => String(n).padStart(26, "T");

/** The rig with two devices and tasks created `ageHours` before t0, newest last. */
async function rigWithTasks(
  ages: readonly { hours: number; device?: string; faulted?: boolean }[],
) {
  const rig = apiRig();
  rig.addDevice();
  rig.addDevice(otherDevice);
  const tasks: TaskRecord[] = [];
  for (const [n, age] of ages.entries()) {
    const task = taskRecord(age.device ?? deviceId, id(n), t0 - age.hours * hourMs);
    await rig.stores.tasks.createTask(task);
    if (age.faulted) {
      const faulted: TaskRecord = {
        ...task,
        status: "faulted",
        fault: { code: 9008, string: "Attempt to set a non-writable parameter" },
      };
      await rig.stores.tasks.updateTask(faulted, "pending");
    }
    tasks.push(task);
  }
  return { rig, tasks };
}

const ids = (json: Record<string, unknown>) =>
  (json.tasks as { id: string }[]).map((task) => task.id);

describe("GET /tasks", () => {
  it("lists the fleet's tasks newest first, in the task view", async () => {
    // Prepare
    const { rig } = await rigWithTasks([
      { hours: 3 },
      { hours: 2, device: otherDevice },
      { hours: 1 },
    ]);

    // Act
    const listed = await rig.call("GET", "/tasks");
    const one = await rig.call("GET", `/tasks/${id(1)}`);

    // Assess
    assert.equal(listed.status, 200);
    assert.deepEqual(ids(listed.json), [id(2), id(1), id(0)]);
    assert.equal(listed.json.cursor, undefined);
    assert.deepEqual((listed.json.tasks as unknown[])[1], one.json);
  });

  it("filters by status and by device", async () => {
    // Prepare
    const { rig } = await rigWithTasks([
      { hours: 3, faulted: true },
      { hours: 2, device: otherDevice, faulted: true },
      { hours: 1 },
    ]);

    // Act
    const faulted = await rig.call("GET", "/tasks", { query: { status: "faulted" } });
    const ofOther = await rig.call("GET", "/tasks", { query: { deviceId: otherDevice } });
    const pendingOfFirst = await rig.call("GET", "/tasks", {
      query: { deviceId, status: "pending" },
    });

    // Assess
    assert.deepEqual(ids(faulted.json), [id(1), id(0)]);
    assert.equal((faulted.json.tasks as { fault: { code: number } }[])[0]?.fault.code, 9008);
    assert.deepEqual(ids(ofOther.json), [id(1)]);
    assert.deepEqual(ids(pendingOfFirst.json), [id(2)]);
  });

  it("pages with limit and cursor", async () => {
    // Prepare
    const { rig } = await rigWithTasks([{ hours: 3 }, { hours: 2 }, { hours: 1 }]);

    // Act
    const first = await rig.call("GET", "/tasks", { query: { limit: "2" } });
    const second = await rig.call("GET", "/tasks", {
      query: { limit: "2", cursor: String(first.json.cursor) },
    });

    // Assess
    assert.deepEqual(ids(first.json), [id(2), id(1)]);
    assert.equal(typeof first.json.cursor, "string");
    assert.deepEqual(ids(second.json), [id(0)]);
    assert.equal(second.json.cursor, undefined);
  });

  it("lists the last 7 days by default, and never further back than the task lifetime or 7 days", async () => {
    // Prepare: the rig's task lifetime is one hour, so 7 days bound `since`
    const { rig } = await rigWithTasks([{ hours: 10 * 24 }, { hours: 6 * 24 }, { hours: 1 }]);

    // Act
    const byDefault = await rig.call("GET", "/tasks");
    const recent = await rig.call("GET", "/tasks", {
      query: { since: new Date(t0 - 2 * hourMs).toISOString() },
    });
    const tooOld = await rig.call("GET", "/tasks", {
      query: { since: new Date(t0 - 30 * dayMs).toISOString() },
    });

    // Assess
    assert.deepEqual(ids(byDefault.json), [id(2), id(1)]);
    assert.deepEqual(ids(recent.json), [id(2)]);
    assert.deepEqual(ids(tooOld.json), [id(2), id(1)]);
  });

  it("answers 400 to a bad cursor, status, limit, device id or since", async () => {
    // Prepare
    const { rig } = await rigWithTasks([{ hours: 1 }]);
    const bad: Record<string, string>[] = [
      { cursor: "not-a-cursor" },
      { status: "finished" },
      { limit: "0" },
      { limit: "201" },
      { deviceId: "one-part" },
      { since: "yesterday" },
      { sort: "asc" },
    ];

    // Act
    const answers = await Promise.all(bad.map((query) => rig.call("GET", "/tasks", { query })));

    // Assess
    assert.deepEqual(
      answers.map((answer) => answer.status),
      bad.map(() => 400),
    );
  });
});
