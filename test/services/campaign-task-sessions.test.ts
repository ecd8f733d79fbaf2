import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { builtInTaskDefaults } from "../../functions/config/task-defaults.ts";
import type { CpeMessage } from "../../functions/core/cwmp/cpe-messages.ts";
import type { CampaignStatus } from "../../functions/core/model/campaign.ts";
import { newTask } from "../../functions/core/model/new-task.ts";
import type { TaskSpec } from "../../functions/core/model/task.ts";
import { campaignWithStatus } from "../adapters/store-contract/campaign-progress-contract.ts";
import { type MemorySession, memorySession } from "../support/memory-session.ts";

const serial = "CG1";
const deviceId = `00D09E-HGW-${serial}`;

function inform(events: readonly string[], retryCount = 0): CpeMessage {
  return {
    method: "Inform",
    deviceId: { manufacturer: "Acme", oui: "00D09E", productClass: "HGW", serialNumber: serial },
    event: events.map((eventCode) => ({ eventCode, commandKey: "" })),
    maxEnvelopes: 1,
    currentTime: "2026-12-01T12:00:00Z",
    retryCount,
    parameterList: [],
  };
}

const gpv = (name: string): TaskSpec => ({ name: "getParameterValues", parameterNames: [name] });
const upTime = "Device.DeviceInfo.UpTime";
const model = "Device.DeviceInfo.ModelName";
const answer = (name: string): CpeMessage => ({
  method: "GetParameterValuesResponse",
  parameterList: [{ name, value: "1", type: "string" }],
});
const fault9002: CpeMessage = {
  method: "Fault",
  faultcode: "Client",
  faultstring: "CWMP fault",
  faultCode: 9002,
  faultString: "internal error",
  setParameterValuesFault: [],
};

/** Counts the campaign status reads the session makes. */
function countingStatusReads(reads: { count: number }) {
  return memorySession({
    wrap: (stores) => ({
      ...stores,
      campaignProgress: {
        ...stores.campaignProgress,
        getCampaignStatus: (id) => {
          reads.count += 1;
          return stores.campaignProgress.getCampaignStatus(id);
        },
      },
    }),
  });
}

async function registered(acs = memorySession()): Promise<MemorySession> {
  const { first } = await open(acs, ["0 BOOTSTRAP", "1 BOOT"]);
  assert.equal(first.status, 204);
  return acs;
}

/** Inform + empty POST: the cookie and the ACS's first RPC (or 204). */
async function open(acs: MemorySession, events: readonly string[], retryCount = 0) {
  const informed = await acs.post(inform(events, retryCount));
  assert.equal(informed.status, 200, informed.response.body);
  const cookie = informed.cookie ?? "";
  return { cookie, first: await acs.post(null, cookie) };
}

async function queue(
  acs: MemorySession,
  id: string,
  spec: TaskSpec,
  campaign?: { readonly id: string; readonly stage: number },
  defaults = builtInTaskDefaults,
) {
  acs.advance(1);
  const now = acs.clock.now();
  await acs.stores.tasks.createTask(
    newTask({
      id,
      deviceId,
      spec,
      now,
      defaults,
      ...(campaign && { origin: { campaignId: campaign.id, campaignStage: campaign.stage } }),
    }),
  );
}

async function campaign(acs: MemorySession, id: string, status: CampaignStatus) {
  await acs.campaigns.createCampaign(campaignWithStatus(id, status));
}

const sentNames = (rpc: { method: string; parameterNames?: readonly string[] } | undefined) =>
  rpc?.method === "GetParameterValues" ? rpc.parameterNames : undefined;

describe("the campaign gate before a campaign task is sent", () => {
  for (const status of ["halted", "cancelled", undefined] as const) {
    it(`never sends the task of a ${status ?? "gone"} campaign: cancelled unsent, counted skipped`, async () => {
      // Prepare
      const acs = await registered();
      if (status) await campaign(acs, "C1", status);
      await queue(acs, "T1", gpv(upTime), { id: "C1", stage: 2 });

      // Act
      const { first } = await open(acs, ["2 PERIODIC"]);

      // Assess
      assert.equal(first.status, 204, "nothing sent to the CPE");
      const task = await acs.stores.tasks.getTask("T1");
      assert.equal(task?.status, "cancelled");
      assert.equal(task?.reason, `campaign ${status ?? "gone"}`);
      assert.equal(task?.attempts, 0);
      assert.deepEqual(await acs.campaignProgress.readProgress("C1"), [
        { stage: 2, succeeded: 0, failed: 0, skipped: 1, failedDevices: [] },
      ]);
      assert.deepEqual((await acs.stores.devices.getDevice(deviceId))?.taskQueue, []);
    });
  }

  it("holds a paused campaign's task without an attempt, runs the task behind it, and sends it after resume", async () => {
    // Prepare
    const acs = await registered();
    await campaign(acs, "C1", "paused");
    await queue(acs, "T1", gpv(upTime), { id: "C1", stage: 0 });
    await queue(acs, "T2", gpv(model));

    // Act: a session while paused, then resume and another session
    const paused = await open(acs, ["2 PERIODIC"]);
    const pausedEnd = await acs.post(answer(model), paused.cookie);
    const held = await acs.stores.tasks.getTask("T1");
    const noted = await acs.campaignProgress.takeHeld("C1");
    const current = await acs.campaigns.getCampaign("C1");
    assert.ok(current);
    await acs.campaigns.saveCampaign({ ...current, status: "running", version: 2 });
    acs.advance(1_000);
    const resumed = await open(acs, ["2 PERIODIC"]);
    const resumedEnd = await acs.post(answer(upTime), resumed.cookie);

    // Assess
    assert.deepEqual(sentNames(paused.first.rpc), [model], "the later task runs");
    assert.equal(pausedEnd.status, 204, "the held task is not sent");
    assert.equal(held?.status, "pending");
    assert.equal(held?.attempts, 0);
    assert.deepEqual(noted, [{ taskId: "T1", deviceId }], "noted for the runner to wake again");
    assert.deepEqual(sentNames(resumed.first.rpc), [upTime], "sent once resumed");
    assert.equal(resumedEnd.status, 204);
    assert.equal((await acs.stores.tasks.getTask("T1"))?.status, "done");
    assert.equal((await acs.stores.tasks.getTask("T1"))?.attempts, 1);
    assert.deepEqual(await acs.campaignProgress.readProgress("C1"), [
      { stage: 0, succeeded: 1, failed: 0, skipped: 0, failedDevices: [] },
    ]);
  });

  it("notes a held task once per exchange; a failed note is logged and the session goes on", async () => {
    // Prepare: the progress store fails every note after the first
    const notes: string[] = [];
    const acs = await registered(
      memorySession({
        wrap: (stores) => ({
          ...stores,
          campaignProgress: {
            ...stores.campaignProgress,
            recordHeld: async (input) => {
              notes.push(input.taskId);
              if (notes.length > 1) throw new Error("store down");
              return stores.campaignProgress.recordHeld(input);
            },
          },
        }),
      }),
    );
    await campaign(acs, "C1", "paused");
    await queue(acs, "T1", gpv(upTime), { id: "C1", stage: 0 });
    await queue(acs, "T2", gpv(model));

    // Act: two exchanges, each looking at the held T1
    const session = await open(acs, ["2 PERIODIC"]);
    const end = await acs.post(answer(model), session.cookie);

    // Assess
    assert.deepEqual(sentNames(session.first.rpc), [model]);
    assert.equal(end.status, 204, "the failed note did not fail the session");
    assert.deepEqual(notes, ["T1", "T1"]);
    assert.deepEqual(await acs.campaignProgress.takeHeld("C1"), [{ taskId: "T1", deviceId }]);
    assert.ok(
      acs.logs.some(
        (log) => log.level === "error" && log.message === "held campaign task not noted",
      ),
    );
    assert.equal((await acs.stores.tasks.getTask("T1"))?.status, "pending");
  });

  it("reads a campaign's status once per exchange, and not at all for tasks of no campaign", async () => {
    // Prepare
    const reads = { count: 0 };
    const acs = await registered(countingStatusReads(reads));
    await queue(acs, "T1", gpv(upTime));
    const plain = await open(acs, ["2 PERIODIC"]);
    await acs.post(answer(upTime), plain.cookie);
    const plainReads = reads.count;
    await campaign(acs, "C1", "paused");
    await queue(acs, "T2", gpv(upTime), { id: "C1", stage: 0 });
    await queue(acs, "T3", gpv(model), { id: "C1", stage: 0 });

    // Act: one exchange that looks at both held tasks
    const { first } = await open(acs, ["2 PERIODIC"]);

    // Assess
    assert.equal(plainReads, 0);
    assert.equal(first.status, 204);
    assert.equal(reads.count, 1);
  });
});

describe("a campaign task's outcome", () => {
  it("is counted once, when the task ends, not on a retried attempt or a replayed reply", async () => {
    // Prepare
    const acs = await registered();
    await campaign(acs, "C1", "running");
    await queue(acs, "T1", gpv(upTime), { id: "C1", stage: 1 });

    // Act: a retryable fault, a send lost to a reboot, then the answer, posted twice
    const faulted = await open(acs, ["2 PERIODIC"]);
    await acs.post(fault9002, faulted.cookie);
    const afterFault = await acs.campaignProgress.readProgress("C1");
    acs.advance(1_000);
    await open(acs, ["2 PERIODIC"]);
    acs.advance(1_000);
    const last = await open(acs, ["1 BOOT"]);
    await acs.post(answer(upTime), last.cookie);
    await acs.post(answer(upTime), last.cookie);

    // Assess
    assert.deepEqual(afterFault, [], "a retried task has not ended");
    const task = await acs.stores.tasks.getTask("T1");
    assert.equal(task?.status, "done");
    assert.equal(task?.attempts, 3);
    assert.deepEqual(await acs.campaignProgress.readProgress("C1"), [
      { stage: 1, succeeded: 1, failed: 0, skipped: 0, failedDevices: [] },
    ]);
  });

  it("is failed, naming the device, when the task gives up or expires", async () => {
    // Prepare
    const acs = await registered();
    await campaign(acs, "C1", "running");
    await queue(
      acs,
      "T1",
      gpv(upTime),
      { id: "C1", stage: 0 },
      { ...builtInTaskDefaults, maxAttempts: 1 },
    );
    await queue(
      acs,
      "T2",
      gpv(model),
      { id: "C1", stage: 0 },
      { ...builtInTaskDefaults, lifetimeMs: 1 },
    );

    // Act
    acs.advance(10);
    const { cookie, first } = await open(acs, ["2 PERIODIC"]);
    await acs.post(fault9002, cookie);

    // Assess
    assert.deepEqual(sentNames(first.rpc), [upTime]);
    assert.equal((await acs.stores.tasks.getTask("T1"))?.status, "faulted");
    assert.equal((await acs.stores.tasks.getTask("T2"))?.status, "expired");
    assert.deepEqual(await acs.campaignProgress.readProgress("C1"), [
      { stage: 0, succeeded: 0, failed: 2, skipped: 0, failedDevices: [deviceId, deviceId] },
    ]);
  });

  it("is logged, not fatal, when it cannot be counted", async () => {
    // Prepare
    const acs = memorySession({
      wrap: (stores) => ({
        ...stores,
        campaignProgress: {
          ...stores.campaignProgress,
          recordOutcome: () => Promise.reject(new Error("progress store down")),
        },
      }),
    });
    await registered(acs);
    await campaign(acs, "C1", "running");
    await queue(acs, "T1", gpv(upTime), { id: "C1", stage: 0 });

    // Act
    const { cookie } = await open(acs, ["2 PERIODIC"]);
    const end = await acs.post(answer(upTime), cookie);

    // Assess
    assert.equal(end.status, 204);
    assert.equal((await acs.stores.tasks.getTask("T1"))?.status, "done");
    const logged = acs.logs.find((l) => l.message === "campaign outcome not counted");
    assert.equal(logged?.level, "error");
    assert.equal(logged?.fields.taskId, "T1");
  });
});
