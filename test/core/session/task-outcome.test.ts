import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { TaskRecord, TaskSpec } from "../../../functions/core/model/task.ts";
import { taskOutcome, transferCompleted } from "../../../functions/core/session/task-outcome.ts";
import { rpcForTask } from "../../../functions/core/session/task-rpc.ts";
import { runningTask } from "../../support/running-task.ts";

const now = 1_800_000_000_000;

/** These tasks carry no sealed values: opening one is a defect. */
const noSealedValues = () => assert.fail("no sealed value expected");

function task(spec: TaskSpec, overrides: Partial<TaskRecord> = {}): TaskRecord {
  return runningTask(spec, now, overrides);
}

const fault = (code: number) =>
  ({
    method: "Fault",
    faultcode: "Server",
    faultstring: "CWMP fault",
    faultCode: code,
    faultString: `fault ${code}`,
    setParameterValuesFault: [],
  }) as const;

describe("rpcForTask", () => {
  it("types SetParameterValues values, accepting xsd:-prefixed types", () => {
    const rpc = rpcForTask(
      task({
        name: "setParameterValues",
        parameterValues: [
          ["Device.A", "1", "xsd:unsignedInt"],
          ["Device.B", "x"],
        ],
      }),
      noSealedValues,
    );
    assert.deepEqual(rpc, {
      method: "SetParameterValues",
      parameterList: [
        { name: "Device.A", value: "1", type: "unsignedInt" },
        { name: "Device.B", value: "x", type: "string" },
      ],
      parameterKey: "",
    });
  });

  it("uses the task id as the CommandKey of transfers and reboots", () => {
    const download = rpcForTask(
      task({ name: "download", fileType: "1 Firmware Upgrade Image", url: "http://f/x" }),
      noSealedValues,
    );
    assert.equal(download.method === "Download" && download.commandKey, "T1");
    const reboot = rpcForTask(task({ name: "reboot" }), noSealedValues);
    assert.deepEqual(reboot, { method: "Reboot", commandKey: "T1" });
  });

  it("only changes the notification or access list that the task names", () => {
    const rpc = rpcForTask(
      task({ name: "setParameterAttributes", parameters: [{ name: "Device.A", notification: 2 }] }),
      noSealedValues,
    );
    assert.deepEqual(rpc.method === "SetParameterAttributes" && rpc.parameterList[0], {
      name: "Device.A",
      notificationChange: true,
      notification: 2,
      accessListChange: false,
      accessList: [],
    });
  });
});

describe("taskOutcome", () => {
  it("finishes a GetParameterValues task with its values and learns them", () => {
    const outcome = taskOutcome(
      task({ name: "getParameterValues", parameterNames: ["Device.A"] }),
      {
        method: "GetParameterValuesResponse",
        parameterList: [{ name: "Device.A", value: "7", type: "int" }],
      },
      now,
    );
    assert.equal(outcome.task.status, "done");
    assert.deepEqual(outcome.parameters.put, [
      { name: "Device.A", value: "7", type: "int", learnedAt: now },
    ]);
  });

  it("learns the values a SetParameterValues wrote", () => {
    const outcome = taskOutcome(
      task({ name: "setParameterValues", parameterValues: [["Device.A", "x", "xsd:string"]] }),
      { method: "SetParameterValuesResponse", status: 0 },
      now,
    );
    assert.deepEqual(outcome.task.result, { status: 0 });
    assert.deepEqual(outcome.parameters.put, [
      { name: "Device.A", value: "x", type: "string", learnedAt: now },
    ]);
  });

  it("prunes names that vanished from a refreshed subtree", () => {
    const outcome = taskOutcome(
      task({ name: "getParameterNames", parameterPath: "Device.WiFi." }),
      {
        method: "GetParameterNamesResponse",
        parameterList: [{ name: "Device.WiFi.SSID.1.SSID", writable: true }],
      },
      now,
    );
    assert.equal(outcome.parameters.prune?.prefix, "Device.WiFi.");
    assert.ok(outcome.parameters.prune?.keep.has("Device.WiFi.SSID.1.SSID"));
  });

  it("does not prune after a next-level listing (it is not the whole subtree)", () => {
    const outcome = taskOutcome(
      task({ name: "getParameterNames", parameterPath: "Device.", nextLevel: true }),
      { method: "GetParameterNamesResponse", parameterList: [] },
      now,
    );
    assert.equal(outcome.parameters.prune, undefined);
  });

  it("records the new instance of AddObject", () => {
    const outcome = taskOutcome(
      task({ name: "addObject", objectName: "Device.XMPP.Connection." }),
      { method: "AddObjectResponse", instanceNumber: 3, status: 0 },
      now,
    );
    assert.deepEqual(outcome.task.result, { instanceNumber: 3, status: 0 });
    assert.equal(outcome.parameters.put[0]?.name, "Device.XMPP.Connection.3.");
  });

  it("keeps a Download with Status 1 waiting for its TransferComplete", () => {
    const outcome = taskOutcome(
      task({ name: "download", fileType: "1 Firmware Upgrade Image", url: "http://f/x" }),
      { method: "DownloadResponse", status: 1, startTime: "", completeTime: "" },
      now,
    );
    assert.equal(outcome.task.status, "awaiting-transfer");
  });

  it("retries a retryable fault while attempts remain, then gives up", () => {
    const spec: TaskSpec = { name: "reboot" };
    assert.equal(taskOutcome(task(spec, { attempts: 1 }), fault(9002), now).task.status, "pending");
    const last = taskOutcome(task(spec, { attempts: 3 }), fault(9002), now).task;
    assert.equal(last.status, "faulted");
    assert.match(last.reason ?? "", /gave up after 3 attempts/);
  });

  it("faults at once on a fault that would repeat, keeping SetParameterValuesFault entries", () => {
    const outcome = taskOutcome(
      task({ name: "setParameterValues", parameterValues: [["Device.A", "x"]] }),
      {
        ...fault(9003),
        setParameterValuesFault: [
          { parameterName: "Device.A", faultCode: 9008, faultString: "read-only" },
        ],
      },
      now,
    );
    assert.equal(outcome.task.status, "faulted");
    assert.deepEqual(outcome.task.fault?.parameters, [
      { name: "Device.A", code: 9008, string: "read-only" },
    ]);
  });

  it("faults a task answered with the wrong response", () => {
    const outcome = taskOutcome(task({ name: "reboot" }), { method: "FactoryResetResponse" }, now);
    assert.equal(outcome.task.status, "faulted");
    assert.equal(
      taskOutcome(task({ name: "reboot" }), { method: "RebootResponse" }, now).task.status,
      "done",
    );
    const wrong = taskOutcome(
      task({ name: "getParameterValues", parameterNames: [] }),
      { method: "RebootResponse" },
      now,
    );
    assert.equal(wrong.task.status, "faulted");
    assert.equal(wrong.task.fault?.code, 8003);
  });
});

describe("transferCompleted", () => {
  const download = task(
    { name: "download", fileType: "1 Firmware Upgrade Image", url: "http://f/x" },
    {
      status: "awaiting-transfer",
    },
  );

  it("finishes the task when FaultCode is 0", () => {
    const done = transferCompleted(
      download,
      { faultStruct: { faultCode: 0, faultString: "" }, startTime: "a", completeTime: "b" },
      now,
    );
    assert.equal(done.status, "done");
    assert.deepEqual(done.result, { status: 0, startTime: "a", completeTime: "b" });
  });

  const failedWith = (code: number, on: TaskRecord) =>
    transferCompleted(
      on,
      { faultStruct: { faultCode: code, faultString: "404" }, startTime: "", completeTime: "" },
      now,
    );

  it("retries a transient transfer fault (9010) in a later session while attempts remain", () => {
    const retried = failedWith(9010, download);
    assert.equal(retried.status, "pending");
    assert.deepEqual(retried.fault, { code: 9010, string: "404" });
    assert.deepEqual(retried.history, [
      { at: now, outcome: "transfer-fault", fault: { code: 9010, string: "404" } },
    ]);
  });

  it("gives up on a transient transfer fault when no attempts remain, saying why", () => {
    const failed = failedWith(9010, { ...download, attempts: 3 });
    assert.equal(failed.status, "faulted");
    assert.equal(failed.reason, "gave up after 3 attempts");
  });

  it("faults it at once with a permanent transfer fault (9012)", () => {
    const failed = failedWith(9012, download);
    assert.equal(failed.status, "faulted");
    assert.equal(failed.reason, "transfer failed");
    assert.deepEqual(failed.fault, { code: 9012, string: "404" });
  });
});

describe("AddObject whose reply was lost", () => {
  const spec: TaskSpec = { name: "addObject", objectName: "Device.WiFi.SSID." };
  const names = (...paths: string[]) => ({
    method: "GetParameterNamesResponse" as const,
    parameterList: paths.map((name) => ({ name, writable: true })),
  });
  const verifying = (instancesBefore?: number[]) =>
    task(spec, {
      attempts: 2,
      addObjectRecovery: { ...(instancesBefore && { instancesBefore }), verifying: true },
    });

  it("is checked with GetParameterNames (NextLevel) before AddObject is sent again", () => {
    assert.deepEqual(rpcForTask(verifying([1]), noSealedValues), {
      method: "GetParameterNames",
      parameterPath: "Device.WiFi.SSID.",
      nextLevel: true,
    });
  });

  it("adopts the one instance that was not there before", () => {
    const outcome = taskOutcome(
      verifying([1]),
      names("Device.WiFi.SSID.1.", "Device.WiFi.SSID.2."),
      now,
    );
    assert.equal(outcome.task.status, "done");
    assert.deepEqual(outcome.task.result, { instanceNumber: 2, status: 0, adopted: true });
  });

  it("sends AddObject again (a later session) when no new instance exists", () => {
    const outcome = taskOutcome(verifying([1]), names("Device.WiFi.SSID.1."), now);
    assert.equal(outcome.task.status, "pending");
    assert.equal(outcome.task.addObjectRecovery?.verifying, false);
    assert.equal(rpcForTask(outcome.task, noSealedValues).method, "AddObject");
  });

  it("reports the candidates and never adds again when it cannot tell which is new", () => {
    const unknownBefore = taskOutcome(verifying(), names("Device.WiFi.SSID.4."), now);
    assert.equal(unknownBefore.task.status, "faulted");
    assert.deepEqual(unknownBefore.task.result, { candidates: [4] });
    const two = taskOutcome(
      verifying([1]),
      names("Device.WiFi.SSID.1.", "Device.WiFi.SSID.2.", "Device.WiFi.SSID.3."),
      now,
    );
    assert.equal(two.task.status, "faulted");
    assert.deepEqual(two.task.result, { candidates: [2, 3] });
    assert.match(two.task.reason ?? "", /cannot be told apart/);
  });
});

describe("odd CPE answers", () => {
  it("keeps an unparseable fault's text and ends the task with reason 'unparseable fault'", () => {
    const outcome = taskOutcome(
      task({ name: "getParameterValues", parameterNames: ["Device.A"] }),
      {
        ...fault(0),
        faultString: "unparseable fault: no FaultCode",
        unparseable: { raw: "<Fault><faultstring>oops</faultstring></Fault>" },
      },
      now,
    );
    assert.equal(outcome.task.status, "faulted");
    assert.equal(outcome.task.reason, "unparseable fault");
    assert.equal(outcome.task.fault?.raw, "<Fault><faultstring>oops</faultstring></Fault>");
  });

  it("refuses a value the store cannot hold, storing nothing", () => {
    const outcome = taskOutcome(
      task({ name: "getParameterValues", parameterNames: ["Device.A"] }),
      {
        method: "GetParameterValuesResponse",
        parameterList: [{ name: "Device.A", value: "x".repeat(70_000), type: "string" }],
      },
      now,
    );
    assert.equal(outcome.task.status, "faulted");
    assert.equal(outcome.task.fault?.code, 8003);
    assert.match(outcome.task.fault?.string ?? "", /70000 bytes/);
    assert.deepEqual(outcome.parameters.put, []);
  });

  it("names requested paths a GetParameterValues answer left out", () => {
    const outcome = taskOutcome(
      task({ name: "getParameterValues", parameterNames: ["Device.A", "Device.B.", "Device.C"] }),
      {
        method: "GetParameterValuesResponse",
        parameterList: [
          { name: "Device.A", value: "1", type: "string" },
          { name: "Device.B.X", value: "2", type: "string" },
        ],
      },
      now,
    );
    assert.deepEqual(outcome.task.result?.missing, ["Device.C"]);
  });
});
