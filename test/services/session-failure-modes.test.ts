import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { builtInTaskDefaults } from "../../functions/config/task-defaults.ts";
import type { CpeMessage } from "../../functions/core/cwmp/cpe-messages.ts";
import { newTask } from "../../functions/core/model/new-task.ts";
import type { TaskSpec } from "../../functions/core/model/task.ts";
import { type MemorySession, memorySession } from "../support/memory-session.ts";

const serial = "FM1";
const deviceId = `00D09E-HGW-${serial}`;

function inform(events: readonly (string | [string, string])[], retryCount = 0): CpeMessage {
  return {
    method: "Inform",
    deviceId: { manufacturer: "Acme", oui: "00D09E", productClass: "HGW", serialNumber: serial },
    event: events.map((e) =>
      typeof e === "string"
        ? { eventCode: e, commandKey: "" }
        : { eventCode: e[0], commandKey: e[1] },
    ),
    maxEnvelopes: 1,
    currentTime: "2026-12-01T12:00:00Z",
    retryCount,
    parameterList: [],
  };
}

async function queue(acs: MemorySession, id: string, spec: TaskSpec, maxAttempts = 3) {
  const now = acs.clock.now();
  const defaults = { ...builtInTaskDefaults, maxAttempts };
  await acs.stores.tasks.createTask(newTask({ id, deviceId, spec, now, defaults }));
}

/** Inform + empty POST: the cookie and the ACS's first RPC (or 204). */
async function open(acs: MemorySession, events: Parameters<typeof inform>[0], retryCount = 0) {
  const informed = await acs.post(inform(events, retryCount));
  assert.equal(informed.status, 200, informed.response.body);
  const cookie = informed.cookie ?? "";
  return { cookie, first: await acs.post(null, cookie) };
}

async function registered(): Promise<MemorySession> {
  const acs = memorySession();
  const { first } = await open(acs, ["0 BOOTSTRAP", "1 BOOT"]);
  assert.equal(first.status, 204);
  return acs;
}

const gpv: TaskSpec = { name: "getParameterValues", parameterNames: ["Device.DeviceInfo.UpTime"] };
const taskOf = async (acs: MemorySession, id: string) => acs.stores.tasks.getTask(id);

describe("a CPE that dies mid-RPC", () => {
  it("comes back with 1 BOOT and no cookie and is let in at once; the old session is logged abandoned", async () => {
    // Prepare
    const acs = await registered();
    await queue(acs, "T1", gpv);
    const { first } = await open(acs, ["2 PERIODIC"]);
    assert.equal(first.rpc?.method, "GetParameterValues");

    // Act: the CPE reboots without answering
    acs.advance(2_000);
    const back = await acs.post(inform(["1 BOOT"]));

    // Assess
    assert.equal(back.status, 200);
    const abandoned = acs.logs.find((l) => l.message === "session abandoned");
    assert.equal(abandoned?.level, "warn");
    assert.equal(abandoned?.fields.reason, "boot");
    assert.equal(abandoned?.fields.deviceId, deviceId);
    // The send left the session unsaved (unsaved-send.ts): the task, still running, says it.
    const unanswered = acs.logs.find((l) => l.message === "task got no reply to its last send");
    assert.equal(unanswered, undefined, "settled when the new session looks at the queue");
    const next = await acs.post(null, back.cookie);
    assert.equal(next.rpc?.method, "GetParameterValues", "sent again: attempt 2");
    const settled = acs.logs.find((l) => l.message === "task got no reply to its last send");
    assert.equal(settled?.fields.taskId, "T1");
    const task = await taskOf(acs, "T1");
    assert.equal(task?.attempts, 2);
    assert.deepEqual(
      task?.history?.map((a) => a.outcome),
      ["no-response"],
    );
  });

  it("gets 503 with the real remaining time for a concurrent Inform, and is let in after the idle timeout", async () => {
    // Prepare
    const acs = await registered();
    await queue(acs, "T1", gpv);
    await open(acs, ["2 PERIODIC"]);

    // Act
    acs.advance(10_000);
    const refused = await acs.post(inform(["6 CONNECTION REQUEST"]));
    acs.advance(20_000);
    const admitted = await acs.post(inform(["6 CONNECTION REQUEST"]));

    // Assess
    assert.equal(refused.status, 503);
    assert.equal(refused.response.headers["retry-after"], "20");
    assert.ok(
      acs.logs.some(
        (l) => l.message === "session refused: device is in another session" && l.level === "warn",
      ),
    );
    assert.equal(admitted.status, 200);
    const abandoned = acs.logs.find((l) => l.message === "session abandoned");
    assert.equal(abandoned?.fields.reason, "idle");
  });

  it("is superseded by an Inform retry (RetryCount > 0) after a lost InformResponse", async () => {
    const acs = await registered();
    const first = await acs.post(inform(["2 PERIODIC"]));
    assert.equal(first.status, 200);
    acs.advance(5_000);
    const retried = await acs.post(inform(["2 PERIODIC"], 1));
    assert.equal(retried.status, 200);
    assert.equal((await acs.post(null, retried.cookie)).status, 204);
  });
});

describe("an RPC that is never answered", () => {
  it("is sent at most maxAttempts times in all and at most once per session, then faults with no-response", async () => {
    // Prepare
    const acs = await registered();
    await queue(acs, "T1", gpv, 3);
    let sends = 0;

    // Act: the CPE dies on every send and comes back with 1 BOOT
    for (let i = 0; i < 6; i++) {
      const { first } = await open(acs, ["1 BOOT"]);
      if (first.rpc?.method === "GetParameterValues") sends += 1;
      acs.advance(1_000);
    }

    // Assess
    assert.equal(sends, 3);
    const task = await taskOf(acs, "T1");
    assert.equal(task?.status, "faulted");
    assert.match(task?.reason ?? "", /^no-response/);
    assert.deepEqual(
      task?.history?.map((a) => a.outcome),
      ["no-response", "no-response", "no-response"],
    );
  });

  it("answered with an empty POST counts as an attempt, is not re-sent in that session, and ends faulted", async () => {
    const acs = await registered();
    await queue(acs, "T1", { name: "scheduleInform", delaySeconds: 5 }, 2);
    for (let i = 0; i < 4; i++) {
      const { cookie, first } = await open(acs, ["2 PERIODIC"]);
      if (first.status === 204) continue;
      assert.equal(first.rpc?.method, "ScheduleInform");
      const after = await acs.post(null, cookie);
      assert.equal(after.status, 204, "never twice in one session");
      acs.advance(1_000);
    }
    const task = await taskOf(acs, "T1");
    assert.equal(task?.status, "faulted");
    assert.equal(task?.attempts, 2);
    assert.deepEqual(
      task?.history?.map((a) => a.outcome),
      ["empty-reply", "empty-reply"],
    );
    assert.ok(acs.logs.some((l) => l.message === "empty POST in answer to an RPC"));
  });

  it("is recognised as done from `M Reboot` when a Reboot was carried out without a reply", async () => {
    const acs = await registered();
    await queue(acs, "R1", { name: "reboot" });
    const { first } = await open(acs, ["2 PERIODIC"]);
    assert.equal(first.rpc?.method, "Reboot");
    const { first: after } = await open(acs, ["1 BOOT", ["M Reboot", "R1"]]);
    assert.equal(after.status, 204, "the Reboot is not sent again");
    const task = await taskOf(acs, "R1");
    assert.equal(task?.status, "done");
    assert.equal(task?.attempts, 1);
  });
});

describe("a task cancelled while running", () => {
  it("keeps its cancelled state when the late reply comes, records the reply, and is never sent again", async () => {
    const acs = await registered();
    await queue(acs, "T1", gpv);
    const { cookie, first } = await open(acs, ["2 PERIODIC"]);
    assert.equal(first.rpc?.method, "GetParameterValues");
    const running = await taskOf(acs, "T1");
    assert.ok(running);
    await acs.stores.tasks.updateTask(
      { ...running, status: "cancelled", reason: "cancelled" },
      "running",
    );

    const end = await acs.post(
      {
        method: "GetParameterValuesResponse",
        parameterList: [{ name: "Device.DeviceInfo.UpTime", value: "5", type: "unsignedInt" }],
      },
      cookie,
    );
    assert.equal(end.status, 204);
    const task = await taskOf(acs, "T1");
    assert.equal(task?.status, "cancelled");
    assert.equal(task?.lateReply?.method, "GetParameterValuesResponse");
    const { first: later } = await open(acs, ["2 PERIODIC"]);
    assert.equal(later.status, 204);
  });
});

describe("a TransferComplete with a transient fault", () => {
  it("has the Download tried again in a later session, following the retry policy", async () => {
    const acs = await registered();
    await queue(acs, "D1", {
      name: "download",
      fileType: "1 Firmware Upgrade Image",
      url: "http://files.example/fw.bin",
    });
    const { cookie, first } = await open(acs, ["2 PERIODIC"]);
    assert.equal(first.rpc?.method, "Download");
    const ended = await acs.post(
      {
        method: "DownloadResponse",
        status: 1,
        startTime: "0001-01-01T00:00:00Z",
        completeTime: "0001-01-01T00:00:00Z",
      },
      cookie,
    );
    assert.equal(ended.status, 204);
    assert.equal((await taskOf(acs, "D1"))?.status, "awaiting-transfer");

    // The CPE reports the failure in its next session
    const informed = await acs.post(
      inform(["1 BOOT", "7 TRANSFER COMPLETE", ["M Download", "D1"]]),
    );
    const ack = await acs.post(
      {
        method: "TransferComplete",
        commandKey: "D1",
        faultStruct: { faultCode: 9010, faultString: "download failed" },
        startTime: "",
        completeTime: "",
      },
      informed.cookie,
    );
    assert.equal(ack.status, 200);
    const same = await acs.post(null, informed.cookie);
    assert.equal(same.status, 204, "retried in a later session, not this one");
    assert.equal((await taskOf(acs, "D1"))?.status, "pending");
    const { first: retry } = await open(acs, ["2 PERIODIC"]);
    assert.equal(retry.rpc?.method, "Download");
    const task = await taskOf(acs, "D1");
    assert.equal(task?.attempts, 2);
    assert.deepEqual(
      task?.history?.map((a) => a.outcome),
      ["transfer-fault"],
    );
  });
});
