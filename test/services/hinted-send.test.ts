import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { TaskSpec } from "../../functions/core/model/task.ts";
import { campaignWithStatus } from "../adapters/store-contract/campaign-progress-contract.ts";
import { type MemorySession, memorySession } from "../support/memory-session.ts";
import { informWithEvents } from "../support/periodic-inform.ts";
import {
  assertDoneAfterOneSend,
  cancelTask,
  informedWithTasks,
  uptime,
  uptimeAnswer,
  uptimeTask,
} from "../support/queued-tasks-session.ts";

const serial = "HS1";
const deviceId = `00D09E-HGW-${serial}`;
const gpv = uptimeTask;
const answer = uptimeAnswer;

/** The memory session service (send hints on), noting every session read and task read. */
function watchedSession(options: { idleTimeoutMs?: number } = {}) {
  const reads: string[] = [];
  const acs = memorySession({
    ...options,
    wrap: (stores) => ({
      ...stores,
      devices: {
        ...stores.devices,
        loadSession: (...args) => {
          reads.push("loadSession");
          return stores.devices.loadSession(...args);
        },
      },
      tasks: {
        ...stores.tasks,
        getTask: (id) => {
          reads.push(`getTask ${id}`);
          return stores.tasks.getTask(id);
        },
      },
    }),
  });
  return { acs, reads };
}

/** A registered device, these tasks queued (T1 first), then a periodic Inform: its cookie. */
const informed = (acs: MemorySession, specs: readonly TaskSpec[], maxAttempts = 3) =>
  informedWithTasks(acs, serial, specs, maxAttempts);

/** A registered device with one task of campaign C1 (in `status`) queued, then Inform: its cookie. */
async function informedWithCampaignTask(acs: MemorySession, status: "running" | "paused") {
  await acs.campaigns.createCampaign(campaignWithStatus("C1", status));
  return informedWithTasks(acs, serial, [gpv], 3, { campaignId: "C1", campaignStage: 0 });
}

/** The cookie with its send hint's MAC changed in one character. */
function withForgedMac(cookie: string): string {
  const last = cookie.at(-1) === "A" ? "B" : "A";
  return `${cookie.slice(0, -1)}${last}`;
}

describe("the hinted send: the empty POST sends the queue's head unread", () => {
  it("sends the task with one write and no read, and the reply is applied as after any unsaved send", async () => {
    // Prepare
    const { acs, reads } = watchedSession();
    const cookie = await informed(acs, [gpv]);
    reads.length = 0;

    // Act
    const sent = await acs.post(null, cookie);
    const readsToSend = [...reads];
    const end = await acs.post(answer, cookie);

    // Assess
    assert.match(cookie, /:send\.T1\.0\.[0-9a-z]+\.[A-Za-z0-9_-]{22}$/);
    assert.equal(sent.rpc?.method, "GetParameterValues");
    assert.deepEqual(readsToSend, [], "neither the session nor the task was read to send");
    assert.equal(end.status, 204);
    await assertDoneAfterOneSend(acs, "T1", { deviceId, name: uptime, value: "42" });
  });

  it("a hint whose MAC does not hold is no hint: the session is read, then the task sent", async () => {
    // Prepare
    const { acs, reads } = watchedSession();
    const forged = withForgedMac(await informed(acs, [gpv]));
    reads.length = 0;

    // Act
    const sent = await acs.post(null, forged);

    // Assess
    assert.equal(sent.rpc?.method, "GetParameterValues");
    assert.deepEqual(reads, ["loadSession"], "the usual path: the session read, the task with it");
    assert.equal((await acs.stores.tasks.getTask("T1"))?.attempts, 1);
  });

  it("a hint that would leave the reply less than 3/4 of the lease takes the usual path", async () => {
    // Prepare
    const { acs, reads } = watchedSession({ idleTimeoutMs: 30_000 });
    const cookie = await informed(acs, [gpv]);
    acs.advance(8_000);
    reads.length = 0;

    // Act
    const sent = await acs.post(null, cookie);

    // Assess
    assert.equal(sent.rpc?.method, "GetParameterValues");
    assert.deepEqual(reads, ["loadSession"]);
  });

  it("a task cancelled after the Inform is not sent: the claim is refused and the session ends", async () => {
    // Prepare
    const { acs } = watchedSession();
    const cookie = await informed(acs, [gpv]);
    await cancelTask(acs, "T1");

    // Act
    const answered = await acs.post(null, cookie);

    // Assess
    assert.equal(answered.status, 204);
    const task = await acs.stores.tasks.getTask("T1");
    assert.equal(task?.status, "cancelled");
    assert.equal(task?.attempts, 0);
  });

  it("a head task that needs the device record (AddObject) is sent the usual way, its attempt counted once", async () => {
    // Prepare
    const { acs, reads } = watchedSession();
    const addObject: TaskSpec = { name: "addObject", objectName: "Device.IP.Interface." };
    const cookie = await informed(acs, [addObject]);
    reads.length = 0;

    // Act
    const sent = await acs.post(null, cookie);

    // Assess
    assert.equal(sent.rpc?.method, "AddObject");
    assert.deepEqual(reads, ["loadSession"]);
    const task = await acs.stores.tasks.getTask("T1");
    assert.equal(task?.status, "running");
    assert.equal(task?.attempts, 1);
  });

  it("a campaign's task is sent the same way once its campaign's gate lets it", async () => {
    // Prepare
    const { acs, reads } = watchedSession();
    const cookie = await informedWithCampaignTask(acs, "running");
    reads.length = 0;

    // Act
    const sent = await acs.post(null, cookie);
    const readsToSend = [...reads];
    const end = await acs.post(answer, cookie);

    // Assess
    assert.equal(sent.rpc?.method, "GetParameterValues");
    assert.deepEqual(readsToSend, [], "no session or task read: the campaign's status only");
    assert.equal(end.status, 204);
    await assertDoneAfterOneSend(acs, "T1", { deviceId, name: uptime, value: "42" });
    const [stage] = await acs.campaignProgress.readProgress("C1");
    assert.equal(stage?.succeeded, 1, "its end counted once");
  });

  it("a paused campaign's task: the claim is undone and the usual path holds it, no attempt counted", async () => {
    // Prepare
    const { acs } = watchedSession();
    const cookie = await informedWithCampaignTask(acs, "paused");

    // Act
    const answered = await acs.post(null, cookie);

    // Assess
    assert.equal(answered.status, 204);
    const task = await acs.stores.tasks.getTask("T1");
    assert.equal(task?.status, "pending");
    assert.equal(task?.attempts, 0);
    assert.equal(task?.sent, undefined);
  });

  it("a Download of the ACS's file with no file store: faulted unsent, no attempt counted", async () => {
    // Prepare
    const { acs } = watchedSession();
    const download: TaskSpec = {
      name: "download",
      fileType: "1 Firmware Upgrade Image",
      fileId: "F1",
    };
    const cookie = await informedWithTasks(acs, serial, [download, gpv], 3);

    // Act
    const next = await acs.post(null, cookie);

    // Assess: the next task is sent in its place.
    assert.equal(next.rpc?.method, "GetParameterValues");
    const task = await acs.stores.tasks.getTask("T1");
    assert.equal(task?.status, "faulted");
    assert.equal(task?.attempts, 0);
    assert.equal(task?.reason, "no file store is configured for CWMP");
  });

  it("a CPE that reboots on every hinted send: settled as unanswered each time, faulted after its attempts, never looped", async () => {
    // Prepare
    const { acs } = watchedSession();
    let cookie = await informed(acs, [gpv], 2);
    const rpcs: string[] = [];

    // Act: the CPE dies on the RPC and comes back with 1 BOOT, without the cookie, 4 times.
    for (let session = 0; session < 4; session++) {
      const sent = await acs.post(null, cookie);
      if (sent.rpc) rpcs.push(sent.rpc.method);
      acs.advance(2_000);
      cookie = (await acs.post(informWithEvents(serial, ["1 BOOT"]))).cookie ?? "";
    }
    const last = await acs.post(null, cookie);

    // Assess
    assert.deepEqual(rpcs, ["GetParameterValues", "GetParameterValues"], "2 sends, no more");
    assert.equal(last.status, 204, "the device is not locked out");
    const task = await acs.stores.tasks.getTask("T1");
    assert.equal(task?.status, "faulted");
    assert.equal(task?.attempts, 2);
    assert.deepEqual(
      task?.history?.map((attempt) => attempt.outcome),
      ["no-response", "no-response"],
    );
  });

  it("sealed values no configured key opens: faulted unsent, its claimed attempt taken back", async () => {
    // Prepare: an SPV whose sealed value the service (no task secrets) cannot open.
    const { acs } = watchedSession();
    const spv: TaskSpec = {
      name: "setParameterValues",
      parameterValues: [],
      sealedValues: [["Device.Users.User.1.Password", "v1.sealed", "xsd:string"]],
    };
    const cookie = await informed(acs, [spv, gpv]);

    // Act
    const next = await acs.post(null, cookie);

    // Assess: the next task is sent in its place.
    assert.equal(next.rpc?.method, "GetParameterValues");
    const task = await acs.stores.tasks.getTask("T1");
    assert.equal(task?.status, "faulted");
    assert.equal(task?.attempts, 0);
    assert.match(task?.reason ?? "", /sealed secret values cannot be opened/);
  });
});
