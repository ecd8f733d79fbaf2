import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { CpeMessage } from "../../functions/core/cwmp/cpe-messages.ts";
import type { TaskSpec } from "../../functions/core/model/task.ts";
import { type MemorySession, memorySession } from "../support/memory-session.ts";
import { informWithEvents } from "../support/periodic-inform.ts";
import {
  assertDoneAfterOneSend,
  cancelTask,
  informedWithTasks as informed,
  uptime,
  uptimeAnswer,
  uptimeTask,
} from "../support/queued-tasks-session.ts";

const serial = "US1";
const deviceId = `00D09E-HGW-${serial}`;
const gpv = uptimeTask;
const answer = uptimeAnswer;

/** The memory session service, counting the session saves (mid-session writes of the lease). */
function countingSession(): { acs: MemorySession; saves: string[] } {
  const saves: string[] = [];
  const acs = memorySession({
    wrap: (stores) => ({
      ...stores,
      devices: {
        ...stores.devices,
        saveSession: (session, changes) => {
          saves.push(session.inflight?.method ?? session.phase);
          return stores.devices.saveSession(session, changes);
        },
      },
    }),
  });
  return { acs, saves };
}

/** A registered device with tasks `T1`.. of these specs queued, then a periodic Inform. */
const informedWithTasks = (acs: MemorySession, specs: readonly TaskSpec[], maxAttempts = 1) =>
  informed(acs, serial, specs, maxAttempts);

describe("a task's send that leaves the session unsaved", () => {
  it("sends the cookie's task without a session write and applies its reply from the task", async () => {
    // Prepare
    const { acs, saves } = countingSession();
    const cookie = await informedWithTasks(acs, [gpv]);

    // Act
    const sent = await acs.post(null, cookie);
    const savesAtSend = [...saves];
    const end = await acs.post(answer, cookie);

    // Assess
    assert.equal(sent.rpc?.method, "GetParameterValues");
    assert.deepEqual(savesAtSend, [], "the send wrote the task item only");
    assert.equal(end.status, 204);
    await assertDoneAfterOneSend(acs, "T1", { deviceId, name: uptime, value: "42" });
  });

  it("a CPE that reboots instead of answering: the running task is settled once, then sent again, never looped", async () => {
    // Prepare: the send, then the CPE comes back with 1 BOOT and no cookie.
    const { acs } = countingSession();
    const cookie = await informedWithTasks(acs, [gpv], 3);
    await acs.post(null, cookie);
    acs.advance(5_000);

    // Act
    const again = await acs.post(informWithEvents(serial, ["1 BOOT"]));
    const resent = await acs.post(null, again.cookie ?? "");
    const end = await acs.post(answer, again.cookie ?? "");

    // Assess
    assert.equal(resent.rpc?.method, "GetParameterValues");
    assert.equal(end.status, 204);
    const task = await acs.stores.tasks.getTask("T1");
    assert.equal(task?.status, "done");
    assert.equal(task?.attempts, 2, "the unanswered send counted as an attempt");
  });

  it("a retryable fault keeps the task for the next session: not sent twice in this one", async () => {
    // Prepare
    const { acs } = countingSession();
    const cookie = await informedWithTasks(acs, [gpv], 3);
    await acs.post(null, cookie);
    const busy: CpeMessage = {
      method: "Fault",
      faultcode: "Client",
      faultstring: "CWMP fault",
      faultCode: 9002,
      faultString: "Internal error",
      setParameterValuesFault: [],
    };

    // Act
    const next = await acs.post(busy, cookie);

    // Assess
    assert.equal(next.status, 204, "the session ends: the task waits for the next one");
    const task = await acs.stores.tasks.getTask("T1");
    assert.equal(task?.attempts, 1);
    assert.equal(task?.status, "pending");
  });

  it("a task cancelled while its RPC is out: the reply is recorded as late, the task stays cancelled", async () => {
    // Prepare
    const { acs } = countingSession();
    const cookie = await informedWithTasks(acs, [gpv]);
    await acs.post(null, cookie);
    assert.equal((await acs.stores.tasks.getTask("T1"))?.status, "running");
    await cancelTask(acs, "T1");

    // Act
    const end = await acs.post(answer, cookie);

    // Assess
    assert.equal(end.status, 204);
    const task = await acs.stores.tasks.getTask("T1");
    assert.equal(task?.status, "cancelled");
    assert.equal(task?.lateReply?.method, "GetParameterValuesResponse");
    const [stored] = await acs.stores.parameters.getParameters(deviceId, 1, uptime);
    assert.equal(stored?.value, "42", "what the CPE reported is kept");
  });

  it("saves the session when the lease has run down: the reply must get a whole idle timeout", async () => {
    // Prepare: 30 s idle timeout; the empty POST comes 10 s after the Inform.
    const { acs, saves } = countingSession();
    const cookie = await informedWithTasks(acs, [gpv]);
    acs.advance(10_000);

    // Act
    await acs.post(null, cookie);
    const end = await acs.post(answer, cookie);

    // Assess
    assert.deepEqual(saves, ["GetParameterValues"]);
    assert.equal(end.status, 204);
    assert.equal((await acs.stores.tasks.getTask("T1"))?.status, "done");
  });

  it("saves the send of a task the cookie does not name: the next read would not tell it", async () => {
    // Prepare: two tasks; the cookie names the first.
    const { acs, saves } = countingSession();
    const cookie = await informedWithTasks(acs, [gpv, gpv]);

    // Act
    await acs.post(null, cookie);
    const second = await acs.post(answer, cookie);
    const end = await acs.post(answer, cookie);

    // Assess
    assert.equal(second.rpc?.method, "GetParameterValues");
    assert.deepEqual(saves, ["GetParameterValues"], "only the second send saved the session");
    assert.equal(end.status, 204);
    for (const id of ["T1", "T2"]) {
      const task = await acs.stores.tasks.getTask(id);
      assert.equal(task?.status, "done", id);
      assert.equal(task?.attempts, 1, id);
    }
  });
});
