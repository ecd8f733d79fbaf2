import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { builtInTaskDefaults } from "../../functions/config/task-defaults.ts";
import type { CpeMessage } from "../../functions/core/cwmp/cpe-messages.ts";
import { createCwmpCodec } from "../../functions/core/cwmp/cwmp-codec.ts";
import { deviceIdOf } from "../../functions/core/model/device-id.ts";
import { newTask } from "../../functions/core/model/new-task.ts";
import type { TaskSpec } from "../../functions/core/model/task.ts";
import { createSimulatedCpe } from "../../functions/simulator/cpe.ts";
import { type CwmpHarness, post, startCwmpHarness } from "../support/cwmp-harness.ts";
import { until } from "../support/until.ts";

/**
 * What each kind of CWMP session costs in DynamoDB: requests per operation, and the write
 * and read units dynalite reports for them (ReturnConsumedCapacity, count-requests.ts: the
 * base table only; on AWS a GSI projecting a written item adds its own write units). The
 * real handler, node:http and dynalite, as the local ACS runs them; CPE authentication off.
 *
 * The rows are today's figures, asserted exactly so that any change shows up here: lower them
 * when a session gets cheaper. The goals next to each row are what the cost model assumes.
 * A profile applies to serial numbers "PRV...", so provisioning is on for every row.
 */
interface SessionCost {
  readonly requests: Readonly<Record<string, number>>;
  /** Write request units. */
  readonly wru: number;
  /** Read request units (strongly consistent reads: 1 per 4 KB). */
  readonly rru: number;
}

const budget = {
  // Goal: at most 4 requests. The lease item, the new record, the Inform's parameters; no
  // profile applies, so the empty POST ends it with the idle close (idle-at-inform.ts).
  bootstrap: { requests: { BatchWriteItem: 1, UpdateItem: 3 }, wru: 9, rru: 0 },
  // The first periodic Inform after a BOOTSTRAP: the profiles' quiet period is not known yet
  // (an idle close does not work it out), so the session reads the record once and its close
  // states it. Once per device.
  firstPeriodic: { requests: { BatchGetItem: 1, UpdateItem: 2 }, wru: 2, rru: 2 },
  // Goal met: 2 requests at 1 WRU each, the lease item's open (which says whether anything is
  // queued and whether the profiles are quiet) and the conditional idle close.
  periodic: { requests: { UpdateItem: 2 }, wru: 2, rru: 0 },
  // Goal met, 6 requests: one GetParameterValues task queued for a device in steady state (its
  // profiles' quiet period known). The Inform's cookie carries a signed send hint (send-hint.ts):
  // the empty POST marks the queue's head running in one conditional write that returns it, and
  // sends it, nothing read (hinted-send.ts); the reply reads the task with the session, which
  // tells the RPC in flight (unsaved-send.ts), then writes the parameter, the task's end and the
  // close.
  oneTask: { requests: { BatchGetItem: 1, PutItem: 1, UpdateItem: 4 }, wru: 5, rru: 3 },
  // Goal met, 5 requests: the same with a task whose reply reports no parameters (ScheduleInform).
  oneTaskNoParameters: { requests: { BatchGetItem: 1, PutItem: 1, UpdateItem: 3 }, wru: 4, rru: 3 },
  // 7 requests, once per device: a task queued before the first periodic Inform after a
  // BOOTSTRAP. The profiles' quiet period is not known yet, so no send hint: the empty POST reads
  // the queue's head with the session (the cookie names it) and writes it `running`, leaving the
  // session unsaved.
  oneTaskAfterBootstrap: {
    requests: { BatchGetItem: 2, PutItem: 2, UpdateItem: 3 },
    wru: 5,
    rru: 6,
  },
  // 13 requests (a GetParameterValues probe, then the SetParameterValues). Goal: at most 30
  // requests per device for zero-touch provisioning (test/e2e/provisioning-request-budget.test.ts
  // asserts the XMPP one); this row is one operator profile's first session alone.
  provisioning: {
    requests: { BatchGetItem: 3, BatchWriteItem: 2, Query: 1, UpdateItem: 7 },
    wru: 14,
    rru: 6,
  },
} satisfies Record<string, SessionCost>;

const codec = createCwmpCodec();
const ns = "urn:dslforum-org:cwmp-1-0" as const;
const identity = { manufacturer: "Acme", oui: "00D09E", productClass: "HGW" };
const idOf = (serialNumber: string) => deviceIdOf({ ...identity, serialNumber });

const value = (name: string, v: string, type = "string") => ({ name, value: v, type });

function inform(serialNumber: string, events: readonly string[]): string {
  return codec.encodeCpeMessage({
    cwmpNamespace: ns,
    header: { id: `inform-${serialNumber}` },
    body: {
      method: "Inform",
      deviceId: { ...identity, serialNumber },
      event: events.map((eventCode) => ({ eventCode, commandKey: "" })),
      maxEnvelopes: 1,
      currentTime: "2026-11-24T10:00:00Z",
      retryCount: 0,
      // The Inform parameters of the TR-181 Device:2 root, as the sessions bench sends them.
      parameterList: [
        value("Device.DeviceInfo.HardwareVersion", "HW1.0"),
        value("Device.DeviceInfo.SoftwareVersion", "1.0.0"),
        value("Device.DeviceInfo.ProvisioningCode", ""),
        value("Device.ManagementServer.ParameterKey", ""),
        value(
          "Device.ManagementServer.ConnectionRequestURL",
          `http://10.1.2.3:7547/${serialNumber}`,
        ),
        value("Device.ManagementServer.AliasBasedAddressing", "false", "boolean"),
      ],
    },
  });
}

const reply = (id: string | undefined, body: CpeMessage) =>
  codec.encodeCpeMessage({ cwmpNamespace: ns, header: id === undefined ? {} : { id }, body });

/** Inform, then empty POSTs answered by `answer` until the ACS says 204. */
async function session(
  h: CwmpHarness,
  serialNumber: string,
  events: readonly string[],
  answer: (request: { id: string | undefined; method: string }) => CpeMessage = () => {
    throw new Error("no RPC expected");
  },
): Promise<void> {
  const informed = await post(h.url, inform(serialNumber, events));
  assert.equal(informed.status, 200, informed.body);
  const cookie = informed.cookie;
  let next = await post(h.url, "", { cookie });
  while (next.status === 200) {
    const envelope = codec.decodeAcsMessage(next.body);
    const method = envelope.body?.method ?? "";
    next = await post(
      h.url,
      reply(envelope.header.id, answer({ id: envelope.header.id, method })),
      {
        cookie,
      },
    );
  }
  assert.equal(next.status, 204, next.body);
}

/** Queues one task of `spec` for the device (one attempt); its id. */
async function queueTask(h: CwmpHarness, serialNumber: string, spec: TaskSpec): Promise<string> {
  const now = h.clock.now();
  const id = `${serialNumber}-${now}`;
  const defaults = { ...builtInTaskDefaults, maxAttempts: 1 };
  await h.tasks.createTask(newTask({ id, deviceId: idOf(serialNumber), spec, now, defaults }));
  return id;
}

/** The cost of what `act` does, from a reset counter. */
async function costOf(h: CwmpHarness, act: () => Promise<void>): Promise<SessionCost> {
  h.counter.reset();
  await act();
  const units = h.counter.units();
  return { requests: h.counter.counts(), wru: units.write, rru: units.read };
}

describe("DynamoDB requests and units per CWMP session type", () => {
  let h: CwmpHarness;
  before(async () => {
    h = await startCwmpHarness();
    // An operator profile for the provisioning row, only for serial numbers starting "PRV".
    await h.profiles.putProfile({
      name: "ssid",
      precondition: { serialPrefix: "PRV" },
      parameterValues: [
        { name: "Device.WiFi.SSID.1.SSID", value: "operator-net", type: "xsd:string" },
      ],
      objects: [],
      notifications: [],
    });
    // Steady state, as on a warm Lambda: the profile list is cached per instance, read here once.
    await session(h, "WARM", ["0 BOOTSTRAP", "1 BOOT"]);
  });
  after(async () => h.stop());

  it("BOOTSTRAP of a new device", async () => {
    // Act
    const cost = await costOf(h, () => session(h, "B1", ["0 BOOTSTRAP", "1 BOOT"]));

    // Assess
    assert.deepEqual(cost, budget.bootstrap);
  });

  it("the first periodic Inform after a BOOTSTRAP", async () => {
    // Prepare
    await session(h, "P0", ["0 BOOTSTRAP", "1 BOOT"]);

    // Act
    const cost = await costOf(h, () => session(h, "P0", ["2 PERIODIC"]));

    // Assess
    assert.deepEqual(cost, budget.firstPeriodic);
  });

  it("a periodic Inform with no work", async () => {
    // Prepare: steady state, the device's profiles' quiet period known.
    await session(h, "P1", ["0 BOOTSTRAP", "1 BOOT"]);
    await session(h, "P1", ["2 PERIODIC"]);

    // Act
    const cost = await costOf(h, () => session(h, "P1", ["2 PERIODIC"]));

    // Assess
    assert.deepEqual(cost, budget.periodic);
  });

  it("a periodic Inform with one GetParameterValues task queued", async () => {
    // Prepare: steady state, the device's profiles' quiet period known.
    await session(h, "T1", ["0 BOOTSTRAP", "1 BOOT"]);
    await session(h, "T1", ["2 PERIODIC"]);
    const taskId = await queueTask(h, "T1", {
      name: "getParameterValues",
      parameterNames: ["Device.DeviceInfo.UpTime"],
    });
    const rpcs: string[] = [];

    // Act
    const cost = await costOf(h, () =>
      session(h, "T1", ["2 PERIODIC"], ({ method }) => {
        rpcs.push(method);
        return {
          method: "GetParameterValuesResponse",
          parameterList: [{ name: "Device.DeviceInfo.UpTime", value: "42", type: "unsignedInt" }],
        };
      }),
    );

    // Assess
    assert.deepEqual(rpcs, ["GetParameterValues"]);
    assert.equal((await h.tasks.getTask(taskId))?.status, "done");
    assert.deepEqual(cost, budget.oneTask);
  });

  it("a periodic Inform with one ScheduleInform task queued", async () => {
    // Prepare: steady state.
    await session(h, "T2", ["0 BOOTSTRAP", "1 BOOT"]);
    await session(h, "T2", ["2 PERIODIC"]);
    const taskId = await queueTask(h, "T2", { name: "scheduleInform", delaySeconds: 60 });
    const rpcs: string[] = [];

    // Act
    const cost = await costOf(h, () =>
      session(h, "T2", ["2 PERIODIC"], ({ method }) => {
        rpcs.push(method);
        return { method: "ScheduleInformResponse" };
      }),
    );

    // Assess
    assert.deepEqual(rpcs, ["ScheduleInform"]);
    assert.equal((await h.tasks.getTask(taskId))?.status, "done");
    assert.deepEqual(cost, budget.oneTaskNoParameters);
  });

  it("the first periodic Inform after a BOOTSTRAP, with one GetParameterValues task queued", async () => {
    // Prepare
    await session(h, "T3", ["0 BOOTSTRAP", "1 BOOT"]);
    const taskId = await queueTask(h, "T3", {
      name: "getParameterValues",
      parameterNames: ["Device.DeviceInfo.UpTime"],
    });

    // Act
    const cost = await costOf(h, () =>
      session(h, "T3", ["2 PERIODIC"], () => ({
        method: "GetParameterValuesResponse",
        parameterList: [{ name: "Device.DeviceInfo.UpTime", value: "42", type: "unsignedInt" }],
      })),
    );

    // Assess
    assert.equal((await h.tasks.getTask(taskId))?.status, "done");
    assert.deepEqual(cost, budget.oneTaskAfterBootstrap);
  });

  it("provisioning: a new device's BOOTSTRAP session applying a profile", async () => {
    // Prepare: the simulated TR-181 CPE answers the profile's RPCs as a real one would.
    const cpe = createSimulatedCpe({ serialNumber: "PRV001", acsUrl: h.url, retryMinWaitSec: 0.2 });

    // Act
    const cost = await costOf(h, async () => {
      cpe.start();
      await until("the first session ended", async () =>
        cpe.sessions().length > 0 && cpe.state() === "idle" ? true : undefined,
      );
    });
    await cpe.stop();

    // Assess
    const [first, ...others] = cpe.sessions();
    assert.equal(first?.result.kind, "completed");
    assert.deepEqual(others, []);
    assert.deepEqual(first?.rpcs, [
      "GetParameterValues:Device.WiFi.SSID.1.SSID",
      "SetParameterValues:Device.WiFi.SSID.1.SSID=operator-net",
    ]);
    assert.deepEqual(cost, budget.provisioning);
  });
});
