import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { TaskSpec } from "../../functions/core/model/task.ts";
import type { Misbehaviours } from "../../functions/simulator/misbehaviours.ts";
import type { LocalAcsHarness } from "../support/local-acs-harness.ts";
import { type SimulatedCpeRig, startSimulatedCpeRig } from "../support/simulated-cpe-rig.ts";
import { until } from "../support/until.ts";

/**
 * The local ACS (as `npm start` builds it) against simulated CPEs that depart from TR-069 the
 * ways real ones do, one misbehaviour per device, all at once. Each case checks what an
 * operator sees through the API: the task's final state, reason and history.
 */
describe("misbehaving CPEs against the local ACS", { concurrency: true }, () => {
  let acs: LocalAcsHarness;
  let rig: SimulatedCpeRig;
  let counter = 0;

  before(async () => {
    rig = await startSimulatedCpeRig();
    acs = rig.acs;
  });
  after(async () => {
    await rig.stop();
  });

  /** Powers on a device with `misbehaviours` and waits until the ACS has registered it. */
  async function boot(misbehaviours: Misbehaviours, periodicSec = 2) {
    counter += 1;
    return rig.boot({
      serialNumber: `MIS${String(counter).padStart(4, "0")}`,
      periodicInformIntervalSec: periodicSec,
      rebootDelayMs: 100,
      transferDurationMs: 100,
      misbehaviours,
    });
  }

  async function queue(id: string, spec: TaskSpec, query = ""): Promise<string> {
    const created = await acs.api("POST", `/devices/${encodeURIComponent(id)}/tasks${query}`, {
      body: spec,
    });
    assert.ok(created.status === 201 || created.status === 200 || created.status === 202);
    return created.body.id as string;
  }

  /** The task once it has ended, as the API shows it. */
  async function ended(taskId: string, ms = 40_000) {
    return until(
      `task ${taskId} to end`,
      async () => {
        const task = (await acs.api("GET", `/tasks/${taskId}`)).body;
        return ["done", "faulted", "cancelled", "expired"].includes(task.status) ? task : undefined;
      },
      ms,
    );
  }

  const ssid = (value: string): TaskSpec => ({
    name: "setParameterValues",
    parameterValues: [["Device.WiFi.SSID.1.SSID", value, "xsd:string"]],
  });

  it("dies on an RPC and comes back with 1 BOOT: let in at once, the task re-sent and done", async () => {
    const { cpe, id } = await boot({ dieOn: { method: "SetParameterValues" } });
    const task = await ended(await queue(id, ssid("after-crash")));
    assert.equal(task.status, "done");
    assert.equal(task.attempts, 2);
    assert.deepEqual(
      task.history.map((a: { outcome: string }) => a.outcome),
      ["no-response"],
    );
    assert.equal(cpe.model().read("Device.WiFi.SSID.1.SSID"), "after-crash");
    assert.ok(!cpe.sessions().some((s) => s.result.kind === "busy"), "never refused");
  });

  it("reboots without answering a Reboot: done from `M Reboot`, sent once", async () => {
    const { id } = await boot({ rebootWithoutAnswer: true });
    const task = await ended(await queue(id, { name: "reboot" }));
    assert.equal(task.status, "done");
    assert.equal(task.attempts, 1);
  });

  it("answers an RPC with a fault: a transient one is retried, a permanent one ends the task", async () => {
    const { id } = await boot({
      faultOn: [{ method: "SetParameterValues", faultCode: 9002, times: 1 }],
    });
    const retried = await ended(await queue(id, ssid("second-try")));
    assert.equal(retried.status, "done");
    assert.equal(retried.attempts, 2);
    assert.equal(retried.history[0].fault.code, 9002);
    const { id: other } = await boot({ faultOn: [{ method: "AddObject", faultCode: 9005 }] });
    const refused = await ended(
      await queue(other, { name: "addObject", objectName: "Device.WiFi.SSID." }),
    );
    assert.equal(refused.status, "faulted");
    assert.equal(refused.fault.code, 9005);
    assert.equal(refused.attempts, 1);
  });

  it("never sends BOOTSTRAP: registered from 2 PERIODIC, tasks run", async () => {
    const { cpe, id } = await boot({ neverBootstrap: true });
    assert.ok(!cpe.sessions().some((s) => s.events.some((e) => e.eventCode === "0 BOOTSTRAP")));
    const task = await ended(
      await queue(id, { name: "getParameterValues", parameterNames: ["Device.DeviceInfo."] }),
    );
    assert.equal(task.status, "done");
  });

  it("sends TransferComplete in a later periodic session: the Download still ends done", async () => {
    const { id } = await boot({ lateTransferComplete: true });
    const task = await ended(
      await queue(id, {
        name: "download",
        fileType: "3 Vendor Configuration File",
        url: "http://127.0.0.1:9/config.xml",
      }),
    );
    assert.equal(task.status, "done");
    assert.equal(task.attempts, 1);
  });

  it("echoes the whole Set-Cookie line and sends wrong arrayType counts: sessions still work", async () => {
    const { cpe, id } = await boot({ echoSetCookie: true, arrayTypeCount: { offset: 3 } });
    const task = await ended(await queue(id, ssid("tolerated")));
    assert.equal(task.status, "done");
    assert.equal(cpe.model().read("Device.WiFi.SSID.1.SSID"), "tolerated");
  });

  it("replies slowly (20 s): within the idle timeout the reply is taken, once", async () => {
    const { id } = await boot({ replyDelayMs: 20_000 }, 3600);
    const task = await ended(await queue(id, ssid("slow"), "?connectionRequest=true"), 60_000);
    assert.equal(task.status, "done");
    assert.equal(task.attempts, 1);
  });

  it("retries its Inform after a lost InformResponse: let in at once (RetryCount > 0)", async () => {
    const { cpe, id } = await boot({ loseInformResponse: 1 });
    const task = await ended(await queue(id, ssid("retried")));
    assert.equal(task.status, "done");
    assert.ok(!cpe.sessions().some((s) => s.result.kind === "busy"), "never refused");
    // The lost InformResponse was the boot session's: its retry carries 0 BOOTSTRAP too.
    assert.ok(
      acs.logs.some(
        (l) =>
          l.includes('"session abandoned"') &&
          l.includes(JSON.stringify(id)) &&
          /"reason":"(inform-retry|bootstrap)"/.test(l),
      ),
    );
  });

  it("answers an unsupported RPC with an empty POST: bounded, then faulted no-response", async () => {
    const { id } = await boot({ emptyPostFor: ["ScheduleInform"] });
    const task = await ended(await queue(id, { name: "scheduleInform", delaySeconds: 30 }));
    assert.equal(task.status, "faulted");
    assert.equal(task.attempts, 3);
    assert.match(task.reason, /^no-response/);
    assert.deepEqual(
      task.history.map((a: { outcome: string }) => a.outcome),
      ["empty-reply", "empty-reply", "empty-reply"],
    );
  });

  it("leaves unknown paths out of a GetParameterValues answer: the task says which", async () => {
    const { id } = await boot({ omitUnknownGpvPaths: true });
    const task = await ended(
      await queue(id, {
        name: "getParameterValues",
        parameterNames: ["Device.DeviceInfo.SoftwareVersion", "Device.NoSuchObject.Value"],
      }),
    );
    assert.equal(task.status, "done");
    assert.deepEqual(task.result.missing, ["Device.NoSuchObject.Value"]);
  });

  it("nests <detail> inside <faultstring>: the real fault code is kept", async () => {
    const { id } = await boot({
      faultDetailInFaultString: true,
      faultOn: [{ method: "SetParameterValues", faultCode: 9007 }],
    });
    const task = await ended(await queue(id, ssid("refused")));
    assert.equal(task.status, "faulted");
    assert.equal(task.fault.code, 9007);
  });

  it("accepts only `Authorization` spelled canonically: the HTTP connection request still wakes it", async () => {
    const { id } = await boot({ canonicalHeaderNamesOnly: true }, 3600);
    const task = await ended(await queue(id, ssid("woken"), "?connectionRequest=true"), 20_000);
    assert.equal(task.status, "done");
  });

  it("has a running task cancelled through the API: the late reply is recorded, never acted on", async () => {
    const { cpe, id } = await boot({ replyDelayMs: 3_000 }, 3600);
    const taskId = await queue(id, ssid("cancelled-late"), "?connectionRequest=true");
    await until("the task to be running", async () =>
      (await acs.api("GET", `/tasks/${taskId}`)).body.status === "running" ? true : undefined,
    );
    const cancelled = await acs.api("DELETE", `/tasks/${taskId}`);
    assert.equal(cancelled.status, 200);
    assert.equal(cancelled.body.status, "cancelled");
    const task = await until("the late reply to be recorded", async () => {
      const seen = (await acs.api("GET", `/tasks/${taskId}`)).body;
      return seen.lateReply ? seen : undefined;
    });
    assert.equal(task.status, "cancelled");
    assert.equal(task.lateReply.method, "SetParameterValuesResponse");
    assert.equal(task.attempts, 1);
    assert.equal((await acs.api("DELETE", `/tasks/${taskId}`)).status, 409);
    assert.equal(cpe.model().read("Device.WiFi.SSID.1.SSID"), "cancelled-late", "the CPE did it");
  });
});
