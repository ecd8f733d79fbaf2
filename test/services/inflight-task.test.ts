import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { TaskRecord } from "../../functions/core/model/task.ts";
import type { TaskStore } from "../../functions/ports.ts";
import { carriedTask, inflightTask } from "../../functions/services/inflight-task.ts";
import { sessionTag } from "../../functions/services/session-tag.ts";

const sessionId = "s-0123456789abcdef";

const running: TaskRecord = {
  id: "01JABCDEFGHJKMNPQRSTVWXYZ0",
  deviceId: "00D09E-HGW-IT1",
  spec: { name: "getParameterValues", parameterNames: ["Device.DeviceInfo.UpTime"] },
  status: "running",
  createdAt: 1,
  updatedAt: 2,
  expiresAt: 3,
  attempts: 1,
  maxAttempts: 3,
  sent: { at: 2, session: sessionTag(sessionId) },
};

/** A task store that answers reads with `stored` and records them. */
function readingStore(stored: TaskRecord | undefined) {
  const reads: string[] = [];
  const tasks = {
    getTask: async (id: string) => {
      reads.push(id);
      return stored;
    },
  } as unknown as TaskStore;
  return { tasks, reads };
}

describe("the task carried with its RPC in flight", () => {
  it("is the sent task without its ids and send, rebuilt whole without a read", async () => {
    // Prepare
    const { tasks, reads } = readingStore(undefined);

    // Act
    const carried = carriedTask(running);
    const inflight = { method: "GetParameterValues" as const, rpcId: "acs-2", sentAt: 2 };
    const rebuilt = await inflightTask(
      tasks,
      { id: sessionId, deviceId: running.deviceId },
      { ...inflight, taskId: running.id, ...(carried && { task: carried }) },
    );

    // Assess
    assert.ok(carried);
    assert.equal("id" in carried, false);
    assert.equal("deviceId" in carried, false);
    assert.equal("sent" in carried, false, "the session's own send, rebuilt from it");
    assert.deepEqual(rebuilt, running);
    assert.deepEqual(reads, []);
  });

  it("is not carried when it holds sealed values or is large, and is then read", async () => {
    // Prepare
    const sealed: TaskRecord = {
      ...running,
      spec: { name: "setParameterValues", parameterValues: [], sealedValues: [["A.B", "v2.k.x"]] },
    };
    const names = Array.from({ length: 10 }, (_, i) => `Device.WiFi.SSID.${i + 1}.SSID`);
    const large: TaskRecord = {
      ...running,
      spec: { name: "getParameterValues", parameterNames: names },
    };
    const { tasks, reads } = readingStore(large);

    // Act
    const read = await inflightTask(
      tasks,
      { id: sessionId, deviceId: running.deviceId },
      { method: "GetParameterValues", rpcId: "acs-2", sentAt: 2, taskId: large.id },
    );

    // Assess
    assert.equal(carriedTask(sealed), undefined);
    assert.equal(carriedTask(large), undefined);
    assert.deepEqual(read, large);
    assert.deepEqual(reads, [large.id]);
  });
});
