import assert from "node:assert/strict";
import { after, afterEach, before, describe, it } from "node:test";
import { deviceIdOf } from "../../functions/core/model/device-id.ts";
import type { TaskRecord, TaskSpec, TaskStatus } from "../../functions/core/model/task.ts";
import { createSimulatedCpe, type SimulatedCpe } from "../../functions/simulator/cpe.ts";
import type { SessionRecord } from "../../functions/simulator/cpe-types.ts";
import { type CwmpHarness, startCwmpHarness } from "../support/cwmp-harness.ts";

/**
 * End to end: the simulated TR-181 device (functions/simulator)
 * against the real handler, node:http and dynalite. Tasks are written
 * straight into the task store (the API comes later); every wait polls a
 * condition up to a generous deadline, nothing asserts on time.
 */
const deadlineMs = 20_000;
const pollMs = 20;

class ConditionTimeoutError extends Error {
  constructor(what: string, last: unknown) {
    super(`gave up waiting for ${what}; last seen: ${JSON.stringify(last)}`);
    this.name = "ConditionTimeoutError";
  }
}

/** Polls `probe` until it returns something other than undefined. */
async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  describeLast: () => unknown = () => undefined,
): Promise<T> {
  const giveUpAt = Date.now() + deadlineMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > giveUpAt) throw new ConditionTimeoutError(what, await describeLast());
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

const codesOf = (record: SessionRecord) => record.events.map((event) => event.eventCode);
const hasEvent = (record: SessionRecord, code: string, commandKey?: string) =>
  record.events.some(
    (event) =>
      event.eventCode === code && (commandKey === undefined || event.commandKey === commandKey),
  );

describe("simulated CPEs against the real handler with dynalite", () => {
  let h: CwmpHarness;
  const running: SimulatedCpe[] = [];
  let serialCounter = 0;

  before(async () => {
    h = await startCwmpHarness();
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((cpe) => cpe.stop()));
  });
  after(async () => h.stop());

  const idOf = (cpe: SimulatedCpe) =>
    deviceIdOf({
      oui: cpe.profile.oui,
      productClass: cpe.profile.productClass,
      serialNumber: cpe.serialNumber,
    });

  /** Powers on a fresh device (short timers) and waits for its first completed session. */
  async function bootedCpe(options: { transferDurationMs?: number } = {}) {
    serialCounter += 1;
    const cpe = createSimulatedCpe({
      serialNumber: `E2E${String(serialCounter).padStart(5, "0")}`,
      acsUrl: h.url,
      connectionRequestUrl: "http://127.0.0.1:9/cr",
      periodicInformIntervalSec: 1,
      rebootDelayMs: 150,
      transferDurationMs: options.transferDurationMs ?? 100,
      retryMinWaitSec: 0.05,
    });
    running.push(cpe);
    cpe.start();
    await waitFor("the first completed session", () =>
      cpe.sessions().some((s) => s.result.kind === "completed") ? true : undefined,
    );
    return cpe;
  }

  async function queue(cpe: SimulatedCpe, spec: TaskSpec): Promise<string> {
    const now = h.clock.now();
    const task: TaskRecord = {
      id: `T${now}${Math.random().toString(36).slice(2, 8)}`,
      deviceId: idOf(cpe),
      spec,
      status: "pending",
      createdAt: now,
      updatedAt: now,
      expiresAt: now + 3_600_000,
      attempts: 0,
      maxAttempts: 3,
    };
    await h.tasks.createTask(task);
    return task.id;
  }

  /** The task once it has reached `status` (fails on the deadline, showing where it stood). */
  async function taskIn(taskId: string, status: TaskStatus): Promise<TaskRecord> {
    return waitFor(
      `task ${taskId} to be ${status}`,
      async () => {
        const task = await h.tasks.getTask(taskId);
        return task?.status === status ? task : undefined;
      },
      () => h.tasks.getTask(taskId),
    );
  }

  /** The first completed session whose Inform satisfies `match`. */
  async function sessionWith(
    cpe: SimulatedCpe,
    what: string,
    match: (record: SessionRecord) => boolean,
  ): Promise<SessionRecord> {
    return waitFor(
      what,
      () => cpe.sessions().find((s) => s.result.kind === "completed" && match(s)),
      () => cpe.sessions().map((s) => [codesOf(s), s.result.kind]),
    );
  }

  async function storedParameters(cpe: SimulatedCpe, prefix?: string) {
    const device = await h.devices.getDevice(idOf(cpe));
    assert.ok(device, "device is registered");
    return h.parameters.getParameters(idOf(cpe), device.parameterGeneration, prefix);
  }

  it("boots with 0 BOOTSTRAP and 1 BOOT and completes its session", async () => {
    const cpe = await bootedCpe();

    const [first] = cpe.sessions();
    assert.ok(first);
    assert.deepEqual(codesOf(first), ["0 BOOTSTRAP", "1 BOOT"]);
    assert.ok(first.result.kind === "completed");
    assert.equal(first.result.exchanges, 2, "Inform and the empty POST answered by 204");
    const device = await h.devices.getDevice(idOf(cpe));
    assert.equal(device?.serialNumber, cpe.serialNumber);
    assert.equal(device?.connectionRequestUrl, "http://127.0.0.1:9/cr");
    assert.deepEqual(device?.taskQueue, []);
    const version = await storedParameters(cpe, "Device.DeviceInfo.SoftwareVersion");
    assert.deepEqual(
      version.map((p) => p.value),
      ["1.0.0"],
    );
  });

  it("runs a queued SetParameterValues in the next session", async () => {
    const cpe = await bootedCpe();
    const name = "Device.WiFi.SSID.1.SSID";

    const taskId = await queue(cpe, {
      name: "setParameterValues",
      parameterValues: [[name, "e2e-network"]],
      parameterKey: "key-1",
    });
    const task = await taskIn(taskId, "done");

    assert.deepEqual(task.result, { status: 0 });
    assert.equal(cpe.model().read(name), "e2e-network");
    assert.equal(cpe.model().read("Device.ManagementServer.ParameterKey"), "key-1");
    const [stored] = await storedParameters(cpe, name);
    assert.equal(stored?.value, "e2e-network");
    assert.deepEqual((await h.devices.getDevice(idOf(cpe)))?.taskQueue, []);
  });

  it("learns the names and writability under Device.WiFi. from GetParameterNames", async () => {
    const cpe = await bootedCpe();

    const taskId = await queue(cpe, { name: "getParameterNames", parameterPath: "Device.WiFi." });
    const task = await taskIn(taskId, "done");

    const expected = cpe
      .model()
      .getParameterNames("Device.WiFi.", false)
      .map((p) => [p.name, p.writable] as const)
      .sort(([a], [b]) => a.localeCompare(b));
    assert.ok(expected.length > 50, `a real subtree (${expected.length} names)`);
    const stored = (await storedParameters(cpe, "Device.WiFi."))
      .map((p) => [p.name, p.writable] as const)
      .sort(([a], [b]) => a.localeCompare(b));
    assert.deepEqual(stored, expected);
    const writable = new Map(stored);
    assert.equal(writable.get("Device.WiFi.SSID.1.SSID"), true);
    assert.equal(writable.get("Device.WiFi.SSID.1.BSSID"), false);
    assert.equal(writable.get("Device.WiFi.Radio.1.Name"), false);
    assert.equal(task.result?.names?.length, expected.length);
  });

  it("keeps the books of AddObject and DeleteObject", async () => {
    const cpe = await bootedCpe();

    const addId = await queue(cpe, { name: "addObject", objectName: "Device.WiFi.SSID." });
    const added = await taskIn(addId, "done");
    const instance = added.result?.instanceNumber;
    assert.equal(instance, 3, "two SSIDs exist at boot");
    const base = `Device.WiFi.SSID.${instance}.`;
    assert.equal(cpe.model().read(`${base}Enable`), "false");
    assert.deepEqual(
      (await storedParameters(cpe, base)).map((p) => p.name),
      [base],
    );

    const learnId = await queue(cpe, { name: "getParameterNames", parameterPath: base });
    await taskIn(learnId, "done");
    const learned = await storedParameters(cpe, base);
    assert.ok(learned.some((p) => p.name === `${base}SSID` && p.writable === true));
    const deleteId = await queue(cpe, { name: "deleteObject", objectName: base });
    await taskIn(deleteId, "done");

    assert.throws(() => cpe.model().read(`${base}Enable`));
    assert.deepEqual(await storedParameters(cpe, base), []);
  });

  it("faults an SPV of a read-only parameter with 9003 and the per-parameter 9008", async () => {
    const cpe = await bootedCpe();
    const name = "Device.DeviceInfo.ModelName";
    const before = cpe.model().read(name);

    const taskId = await queue(cpe, {
      name: "setParameterValues",
      parameterValues: [[name, "hacked"]],
    });
    const task = await taskIn(taskId, "faulted");

    assert.equal(task.fault?.code, 9003);
    assert.deepEqual(
      task.fault?.parameters?.map((p) => [p.name, p.code]),
      [[name, 9008]],
    );
    assert.equal(task.attempts, 1, "a non-retryable fault is final at once");
    assert.equal(cpe.model().read(name), before);
  });

  it("completes a download across the reboot it causes", async () => {
    const cpe = await bootedCpe({ transferDurationMs: 1_500 });

    const taskId = await queue(cpe, {
      name: "download",
      fileType: "1 Firmware Upgrade Image",
      url: "http://127.0.0.1:9/images/2.0.0.bin",
    });
    // DownloadResponse Status 1 (the simulator always answers so): the task waits.
    await taskIn(taskId, "awaiting-transfer");
    const done = await taskIn(taskId, "done");

    const session = await sessionWith(cpe, "the session reporting the transfer", (s) =>
      hasEvent(s, "M Download", taskId),
    );
    assert.deepEqual(codesOf(session).sort(), ["1 BOOT", "7 TRANSFER COMPLETE", "M Download"]);
    assert.notEqual(
      done.result?.completeTime,
      "0001-01-01T00:00:00Z",
      "times from TransferComplete",
    );
    const device = await h.devices.getDevice(idOf(cpe));
    assert.equal(device?.informParameters["Device.DeviceInfo.SoftwareVersion"]?.[0], "2.0.0");
  });

  it("retries a download the device reports as failed with 9010, then gives up saying why", async () => {
    const cpe = await bootedCpe();

    const taskId = await queue(cpe, {
      name: "download",
      fileType: "1 Firmware Upgrade Image",
      url: "http://127.0.0.1:9/images/fail-2.0.0.bin",
    });
    const task = await taskIn(taskId, "faulted");

    assert.equal(task.fault?.code, 9010);
    // 9010 is transient (TR-069 A.5.1): tried again in later sessions until maxAttempts.
    assert.equal(task.reason, "gave up after 3 attempts");
    assert.equal(task.attempts, 3);
    assert.deepEqual(
      task.history?.map((a) => a.outcome),
      ["transfer-fault", "transfer-fault", "transfer-fault"],
    );
    const session = await sessionWith(cpe, "the session reporting the failure", (s) =>
      hasEvent(s, "M Download", taskId),
    );
    assert.ok(hasEvent(session, "7 TRANSFER COMPLETE"));
    assert.ok(!hasEvent(session, "1 BOOT"), "a failed download does not reboot");
  });

  it("reboots the device, whose next session carries M Reboot", async () => {
    const cpe = await bootedCpe();

    const taskId = await queue(cpe, { name: "reboot" });
    await taskIn(taskId, "done");

    const session = await sessionWith(cpe, "the session after the reboot", (s) =>
      hasEvent(s, "M Reboot", taskId),
    );
    assert.ok(hasEvent(session, "1 BOOT"));
    assert.ok(!hasEvent(session, "0 BOOTSTRAP"), "the device was bootstrapped before");
  });
});
