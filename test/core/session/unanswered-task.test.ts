import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { TaskRecord, TaskSpec } from "../../../functions/core/model/task.ts";
import { afterNoReply, maySend } from "../../../functions/core/session/task-policy.ts";
import {
  instanceNumbers,
  settleUnanswered,
} from "../../../functions/core/session/unanswered-task.ts";
import { runningTask } from "../../support/running-task.ts";

const now = 1_800_000_000_000;

function running(spec: TaskSpec, overrides: Partial<TaskRecord> = {}): TaskRecord {
  return runningTask(spec, now, overrides);
}

const boot = (methodEvents: { code: string; commandKey: string }[] = []) => ({
  events: ["1 BOOT", ...methodEvents.map((e) => e.code)],
  methodEvents,
});

describe("settleUnanswered: a send whose reply never came", () => {
  it("recognises a Reboot carried out from `M Reboot` with its CommandKey", () => {
    const settled = settleUnanswered(
      running({ name: "reboot" }),
      boot([{ code: "M Reboot", commandKey: "T1" }]),
      now,
    );
    assert.equal(settled.status, "done");
  });

  it("does not take another task's `M Reboot` as proof", () => {
    const settled = settleUnanswered(
      running({ name: "reboot" }),
      boot([{ code: "M Reboot", commandKey: "T0" }]),
      now,
    );
    assert.equal(settled.status, "pending");
    assert.deepEqual(settled.history, [{ at: now, outcome: "no-response" }]);
  });

  it("recognises ScheduleInform by its own CommandKey, and a Download waits for its TransferComplete", () => {
    const scheduled = settleUnanswered(
      running({ name: "scheduleInform", delaySeconds: 5, commandKey: "mine" }),
      {
        events: ["3 SCHEDULED", "M ScheduleInform"],
        methodEvents: [{ code: "M ScheduleInform", commandKey: "mine" }],
      },
      now,
    );
    assert.equal(scheduled.status, "done");
    const download = settleUnanswered(
      running({ name: "download", fileType: "1 Firmware Upgrade Image", url: "http://f/x" }),
      boot([{ code: "M Download", commandKey: "T1" }]),
      now,
    );
    assert.equal(download.status, "awaiting-transfer");
  });

  it("recognises a FactoryReset from 0 BOOTSTRAP", () => {
    const settled = settleUnanswered(
      running({ name: "factoryReset" }),
      { events: ["0 BOOTSTRAP", "1 BOOT"] },
      now,
    );
    assert.equal(settled.status, "done");
  });

  it("counts the send and gives up with reason no-response when none remain", () => {
    const last = running(
      { name: "getParameterValues", parameterNames: ["Device."] },
      { attempts: 3 },
    );
    const settled = settleUnanswered(last, boot(), now);
    assert.equal(settled.status, "faulted");
    assert.match(settled.reason ?? "", /^no-response/);
    assert.equal(maySend(settled), false);
  });

  it("has a lost AddObject checked before it is sent again", () => {
    const settled = settleUnanswered(
      running(
        { name: "addObject", objectName: "Device.IP.Interface." },
        { addObjectRecovery: { instancesBefore: [1], verifying: false } },
      ),
      boot(),
      now,
    );
    assert.equal(settled.status, "pending");
    assert.deepEqual(settled.addObjectRecovery, { instancesBefore: [1], verifying: true });
  });
});

describe("afterNoReply", () => {
  it("keeps what each send met, oldest first", () => {
    const first = afterNoReply(running({ name: "reboot" }), "empty-reply", now);
    const second = afterNoReply(
      { ...first, status: "running", attempts: 2 },
      "no-response",
      now + 1,
    );
    assert.deepEqual(second.history, [
      { at: now, outcome: "empty-reply" },
      { at: now + 1, outcome: "no-response" },
    ]);
    assert.equal(second.status, "pending");
  });
});

describe("instanceNumbers", () => {
  it("reads instance numbers under an object path, once each, in order", () => {
    assert.deepEqual(
      instanceNumbers("Device.WiFi.SSID.", [
        "Device.WiFi.SSID.3.",
        "Device.WiFi.SSID.1.Enable",
        "Device.WiFi.SSID.1.SSID",
        "Device.WiFi.SSIDNumberOfEntries",
        "Device.WiFi.Radio.1.",
      ]),
      [1, 3],
    );
  });
});
