import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { builtInTaskDefaults } from "../../functions/config/task-defaults.ts";
import type { CpeMessage } from "../../functions/core/cwmp/cpe-messages.ts";
import { newTask } from "../../functions/core/model/new-task.ts";
import type { TaskStore } from "../../functions/ports.ts";
import { memorySession } from "../support/memory-session.ts";
import { informWithEvents } from "../support/periodic-inform.ts";

const serial = "QC1";
const deviceId = `00D09E-HGW-${serial}`;

const inform = (events: readonly string[]) => informWithEvents(serial, events);

/** A task queued just before a close; an expired one leaves the queue at the next look. */
interface Arrival {
  readonly id: string;
  readonly expired?: boolean;
}

const defaults = builtInTaskDefaults;

const uptime = {
  name: "getParameterValues",
  parameterNames: ["Device.DeviceInfo.UpTime"],
} as const;

/**
 * The memory session service whose device store queues the task ids in `arrivals` (one per
 * close) just before a close reaches the store: a task queued after the session read the
 * queue and before it ended, the moment the connection-request sender skips (device in session).
 */
function racingSession(arrivals: Arrival[]) {
  let tasks: TaskStore | undefined;
  const closes: string[] = [];
  const acs = memorySession({
    wrap: (stores) => {
      tasks = stores.tasks;
      return {
        ...stores,
        devices: {
          ...stores.devices,
          closeSession: async (session, changes, now, options) => {
            const arrival = arrivals.shift();
            if (arrival !== undefined) {
              const spec = { ...uptime, parameterNames: [...uptime.parameterNames] };
              const task = newTask({ id: arrival.id, deviceId, spec, now, defaults });
              await tasks?.createTask(arrival.expired ? { ...task, expiresAt: now - 1 } : task);
            }
            const outcome = await stores.devices.closeSession(session, changes, now, options);
            closes.push(outcome.kind);
            return outcome;
          },
        },
      };
    },
  });
  return { acs, closes };
}

const answer: CpeMessage = {
  method: "GetParameterValuesResponse",
  parameterList: [{ name: "Device.DeviceInfo.UpTime", value: "5", type: "unsignedInt" }],
};

/** A registered device with task T1 queued, in a periodic session that has just sent T1. */
async function sessionWithOneTask(arrivals: Arrival[]) {
  const { acs, closes } = racingSession(arrivals);
  const boot = await acs.post(inform(["0 BOOTSTRAP", "1 BOOT"]));
  assert.equal((await acs.post(null, boot.cookie ?? "")).status, 204);
  const spec = { ...uptime, parameterNames: [...uptime.parameterNames] };
  const now = acs.clock.now();
  await acs.stores.tasks.createTask(
    newTask({ id: "T1", deviceId, spec, now, defaults: builtInTaskDefaults }),
  );
  const cookie = (await acs.post(inform(["2 PERIODIC"]))).cookie ?? "";
  assert.equal((await acs.post(null, cookie)).rpc?.method, "GetParameterValues");
  closes.length = 0;
  return { acs, closes, cookie };
}

describe("a task queued while the session ends", () => {
  it("is sent in the same session: the refused close hands back the queue", async () => {
    // Prepare
    const arrivals: Arrival[] = [];
    const { acs, closes, cookie } = await sessionWithOneTask(arrivals);
    arrivals.push({ id: "LATE" });

    // Act
    const next = await acs.post(answer, cookie);
    const end = await acs.post(answer, cookie);

    // Assess
    assert.equal(next.rpc?.method, "GetParameterValues", "the late task, in this session");
    assert.equal(end.status, 204);
    assert.deepEqual(closes, ["queue-changed", "closed"]);
    assert.equal((await acs.stores.tasks.getTask("T1"))?.status, "done");
    assert.equal((await acs.stores.tasks.getTask("LATE"))?.status, "done");
    assert.deepEqual((await acs.stores.devices.getDevice(deviceId))?.taskQueue, []);
  });

  it("ends the session at the third look even if the queue changed before every close", async () => {
    // Prepare: before each close a task arrives that has expired (nothing to send).
    const arrivals: Arrival[] = [];
    const { acs, closes, cookie } = await sessionWithOneTask(arrivals);
    arrivals.push(...["A", "B", "C"].map((id) => ({ id, expired: true })));

    // Act
    const end = await acs.post(answer, cookie);

    // Assess
    assert.equal(end.status, 204);
    assert.deepEqual(closes, ["queue-changed", "queue-changed", "closed"]);
    const statuses = await Promise.all(
      ["T1", "A", "B", "C"].map(async (id) => (await acs.stores.tasks.getTask(id))?.status),
    );
    assert.deepEqual(statuses, ["done", "expired", "expired", "pending"]);
    assert.deepEqual((await acs.stores.devices.getDevice(deviceId))?.taskQueue, ["C"]);
  });
});
