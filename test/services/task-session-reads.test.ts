import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { builtInTaskDefaults } from "../../functions/config/task-defaults.ts";
import type { CpeMessage } from "../../functions/core/cwmp/cpe-messages.ts";
import { newTask } from "../../functions/core/model/new-task.ts";
import type { TaskSpec } from "../../functions/core/model/task.ts";
import { type MemorySession, memorySession } from "../support/memory-session.ts";
import { informWithEvents } from "../support/periodic-inform.ts";

const serial = "RD1";
const deviceId = `00D09E-HGW-${serial}`;

const inform = (events: readonly string[]) => informWithEvents(serial, events);

/**
 * The memory session service, counting the task reads the session makes; without send hints
 * (hinted-send.test.ts has those), as with basic authentication and no nonce secret.
 */
function countingSession(): { acs: MemorySession; reads: string[] } {
  const reads: string[] = [];
  const acs = memorySession({
    sendHints: false,
    wrap: (stores) => ({
      ...stores,
      tasks: {
        ...stores.tasks,
        getTask: (id) => {
          reads.push(id);
          return stores.tasks.getTask(id);
        },
      },
    }),
  });
  return { acs, reads };
}

/** A registered device with one GetParameterValues task of `names` queued; then Inform. */
async function taskSession(names: readonly string[]) {
  const { acs, reads } = countingSession();
  const boot = await acs.post(inform(["0 BOOTSTRAP", "1 BOOT"]));
  assert.equal((await acs.post(null, boot.cookie ?? "")).status, 204);
  const spec: TaskSpec = { name: "getParameterValues", parameterNames: [...names] };
  const now = acs.clock.now();
  const task = newTask({ id: "T1", deviceId, spec, now, defaults: builtInTaskDefaults });
  await acs.stores.tasks.createTask(task);
  const informed = await acs.post(inform(["2 PERIODIC"]));
  const cookie = informed.cookie ?? "";
  reads.length = 0;
  const sent = await acs.post(null, cookie);
  assert.equal(sent.rpc?.method, "GetParameterValues");
  const readsToSend = [...reads];
  reads.length = 0;
  const answer: CpeMessage = {
    method: "GetParameterValuesResponse",
    parameterList: names.map((name) => ({ name, value: "5", type: "unsignedInt" })),
  };
  const end = await acs.post(answer, cookie);
  return { acs, cookie, readsToSend, readsToApply: [...reads], end };
}

describe("a session with one task, without a send hint", () => {
  it("names the queue's head in the Inform's cookie, reads it with the session and applies the reply from the session's copy", async () => {
    // Act
    const { acs, cookie, readsToSend, readsToApply, end } = await taskSession([
      "Device.DeviceInfo.UpTime",
    ]);

    // Assess
    assert.match(cookie, /:next\.T1$/);
    assert.deepEqual(readsToSend, [], "the task came with the session's read");
    assert.deepEqual(readsToApply, [], "the reply used the task the session carried");
    assert.equal(end.status, 204);
    const task = await acs.stores.tasks.getTask("T1");
    assert.equal(task?.status, "done");
    assert.equal(task?.attempts, 1);
  });

  it("applies a large task's reply from the task read with the session: the session never carries it", async () => {
    // Prepare
    const names = Array.from({ length: 20 }, (_, i) => `Device.WiFi.SSID.${i + 1}.SSID`);

    // Act
    const { acs, readsToApply, end } = await taskSession(names);

    // Assess
    // The send left the session unsaved (unsaved-send.ts): the reply's session read includes the
    // task the cookie names, and no store read follows.
    assert.deepEqual(readsToApply, []);
    assert.equal(end.status, 204);
    assert.equal((await acs.stores.tasks.getTask("T1"))?.status, "done");
  });
});
