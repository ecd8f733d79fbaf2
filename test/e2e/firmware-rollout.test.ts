import assert from "node:assert/strict";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { downloadFailureFleet } from "../../functions/simulator/download-failure-fleet.ts";
import { type LocalAcsHarness, startLocalAcsHarness } from "../support/local-acs-harness.ts";
import { type RolloutFleet, startRolloutFleet } from "../support/rollout-fleet.ts";
import { until } from "../support/until.ts";

/**
 * Staged firmware rollouts on the local ACS, driven through the API only, against simulated CPEs
 * that really download the image, reboot into it and report TransferComplete: a halt where the
 * failure rule says with nobody past it touched, a clean run where every version is verified, and
 * pause / resume / cancel.
 */
describe("firmware rollouts on the local ACS", { timeout: 600_000 }, () => {
  let acs: LocalAcsHarness;
  let fileId: string;
  let dir: string;
  /** The events the ACS published (its local sink: one JSON line each). */
  const events = async () =>
    (await readFile(join(dir, "events.jsonl"), "utf8").catch(() => ""))
      .split("\n")
      .filter(Boolean)
      .map(
        (line) => JSON.parse(line) as { "detail-type": string; detail: Record<string, unknown> },
      );
  const published = async (type: string, campaignId: string) =>
    (await events()).some((e) => e["detail-type"] === type && e.detail.campaignId === campaignId);

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "acs-rollout-"));
    acs = await startLocalAcsHarness({
      ACS_CR_USERNAME: "cr-user",
      ACS_CR_PASSWORD: "cr-pass",
      ACS_EVENTS_FILE: join(dir, "events.jsonl"),
    });
    fileId = await uploadFirmware(acs, "2.0.0");
  });
  after(async () => {
    await acs.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it("halts in the first wave with 20% failing downloads; no device past the halt is touched", async () => {
    // Prepare: 100 devices, a seed whose canary (first 5) is clean and whose first wave (next 25)
    // has at least 4 failures, so the stage rule (15% once 5 finished) must trip in that wave.
    const seed = seedWhere((fails) => count(fails, 0, 5) === 0 && count(fails, 5, 30) >= 4);
    const fails = failing(seed, 100);
    const fleet = await startRolloutFleet(acs, {
      prefix: "HALT",
      size: 100,
      misbehaviours: downloadFailureFleet({ fraction: 0.2, mode: "mixed", seed }),
    });
    try {
      // Act
      const created = await acs.api("POST", "/campaigns", {
        body: {
          filter: { serialPrefix: "HALT" },
          task: { name: "download", fileId },
          rate: { connectionRequestsPerSecond: 20, maxInSession: 25 },
          stages: { canary: 5, waves: { percent: 25 } },
          haltWhen: { stage: { failedPercent: 15, minFinished: 5 } },
        },
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const halted = await campaignEnded(acs, created.body.id);
      // Devices woken before the halt finish their sessions; a task whose transfer failed with a
      // transient fault waits, pending, for the device's next session (where the gate cancels it).
      await until(
        "the woken devices of the halting stage to finish their sessions",
        async () => {
          for (let index = 5; index < 30; index += 1)
            for (const task of await fleet.campaignTasks(index, created.body.id))
              if (["running", "awaiting-transfer", "verifying"].includes(task.status))
                return undefined;
          return true;
        },
        60_000,
      );
      const later = (await acs.api("GET", `/campaigns/${created.body.id}`)).body;

      // Assess
      assert.equal(halted.status, "halted", JSON.stringify(halted));
      assert.equal(halted.halt.stage, 1, JSON.stringify(halted.halt));
      // Where the rule says: at least 5 of the stage finished, at least 15% of those failed.
      const [, failedAtHalt, finishedAtHalt] =
        /^stage 1: (\d+) of (\d+) finished devices failed/.exec(halted.halt.reason) ?? [];
      assert.ok(Number(finishedAtHalt) >= 5, halted.halt.reason);
      assert.ok(Number(failedAtHalt) / Number(finishedAtHalt) >= 0.15, halted.halt.reason);
      const firstWave = fleet.ids.slice(5, 30);
      assert.ok(halted.halt.failedDevices.length > 0);
      for (const id of halted.halt.failedDevices)
        assert.ok(firstWave.includes(id) && fails.has(fleet.ids.indexOf(id)), id);
      const touched = fleet.touched();
      const beyond = [...touched].filter((index) => index >= 30);
      assert.deepEqual(beyond, [], "no device past the halting stage got a CR or a Download");
      for (let index = 0; index < 5; index += 1)
        assert.equal(await fleet.softwareVersion(index), "2.0.0", `canary device ${index}`);
      for (let index = 0; index < 30; index += 1) {
        const tasks = await fleet.campaignTasks(index, created.body.id);
        assert.deepEqual(
          tasks.map((task) => task.campaignStage),
          [index < 5 ? 0 : 1],
          `device ${index} is in the stage the plan puts it in`,
        );
        for (const task of tasks.filter((t) => t.status === "pending"))
          assert.ok(task.history?.length, `a pending task of device ${index} waits for a retry`);
      }
      for (let index = 30; index < 100; index += 1)
        assert.deepEqual(await fleet.campaignTasks(index, created.body.id), [], `device ${index}`);
      const { progress } = later;
      assert.equal(progress.matched, 100);
      assert.equal(
        progress.pending +
          progress.inProgress +
          progress.succeeded +
          progress.failed +
          progress.skipped,
        100,
        JSON.stringify(progress),
      );
      assert.equal(progress.pending, 70, "the stages after the halting one were never started");
      assert.ok(progress.failed >= 1 && progress.succeeded >= 5, JSON.stringify(progress));
      assert.deepEqual(later.status, "halted", "a halted campaign stays halted");
      assert.ok(await published("CampaignHalted", created.body.id), "CampaignHalted published");
    } finally {
      await fleet.stop();
    }
  });

  it("completes a clean run with every version verified", async () => {
    // Prepare
    const fleet = await startRolloutFleet(acs, { prefix: "CLEAN", size: 20 });
    try {
      // Act
      const created = await acs.api("POST", "/campaigns", {
        body: {
          filter: { serialPrefix: "CLEAN" },
          task: { name: "download", fileId },
          rate: { connectionRequestsPerSecond: 20, maxInSession: 10 },
          stages: { canary: 2, waves: { percent: 50 } },
          haltWhen: { overall: { failedCount: 1 } },
        },
      });
      const ended = await campaignEnded(acs, created.body.id);

      // Assess
      assert.equal(ended.status, "completed", JSON.stringify(ended));
      assert.deepEqual(
        { ...ended.progress },
        { matched: 20, pending: 0, inProgress: 0, succeeded: 20, failed: 0, skipped: 0 },
      );
      for (let index = 0; index < 20; index += 1) {
        assert.equal(await fleet.softwareVersion(index), "2.0.0", `device ${index}`);
        const tasks = await fleet.campaignTasks(index, created.body.id);
        assert.deepEqual(
          tasks.map((task) => task.status),
          ["verified"],
        );
      }
      assert.ok(await published("CampaignCompleted", created.body.id));
    } finally {
      await fleet.stop();
    }
  });

  it("pauses (nothing new starts), resumes to the end, and cancels (the rest is skipped)", async () => {
    // Prepare: the campaign's first two devices (in listing order) answer slowly and have a task
    // of their own queued first, so the session a campaign CR starts reaches the campaign's task
    // only after the pause.
    const slow: number[] = [];
    const fleet = await startRolloutFleet(acs, {
      prefix: "CTRL",
      size: 24,
      misbehaviours: (index, deviceId) => {
        if (!/-CTRL0\d$/.test(deviceId) || slow.length >= 2) return {};
        slow.push(index);
        return { replyDelayMs: 1_500 };
      },
    });
    try {
      const [first = -1] = slow;
      for (const index of slow) {
        const device = encodeURIComponent(fleet.ids[index] ?? "");
        const queued = await acs.api("POST", `/devices/${device}/tasks`, {
          body: { name: "getParameterValues", parameterNames: ["Device.DeviceInfo.UpTime"] },
        });
        assert.equal(queued.status, 202, JSON.stringify(queued.body));
      }
      const body = (prefix: string) => ({
        filter: { serialPrefix: prefix },
        task: { name: "download", fileId },
        rate: { connectionRequestsPerSecond: 2, maxInSession: 2 },
      });
      const paused = await acs.api("POST", "/campaigns", { body: body("CTRL0") });
      const id = paused.body.id;

      // Act: pause as soon as the first device is woken; its session goes on while paused and
      // ends with the campaign's task held; then resume.
      await until(
        "the first device to be woken",
        async () => fleet.touched().has(first) || undefined,
        30_000,
        10,
      );
      const pause = await acs.api("POST", `/campaigns/${id}/pause`);
      const touchedAtPause = fleet.touched().size;
      const heldSession = await until("the woken device's session to end while paused", async () =>
        fleet
          .sessions(0)
          .find((record) => record.rpcs.some((rpc) => rpc.startsWith("GetParameterValues"))),
      );
      const heldTask = (await fleet.campaignTasks(first, id))[0];
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      const touchedWhilePaused = fleet.touched().size;
      const listed = await acs.api("GET", "/campaigns?status=paused");
      const sessionsBeforeResume = fleet.sessions(first).length;
      const resume = await acs.api("POST", `/campaigns/${id}/resume`);
      const resumed = await campaignEnded(acs, id);

      // Assess
      assert.equal(pause.status, 200, JSON.stringify(pause.body));
      assert.equal(pause.body.status, "paused");
      assert.ok(!heldSession.rpcs.some(isDownload), "the campaign's task was held, not sent");
      assert.equal(heldTask?.status, "pending");
      assert.ok(
        touchedWhilePaused <= touchedAtPause + 2,
        `at most the ones already woken start while paused (${touchedAtPause} -> ${touchedWhilePaused})`,
      );
      assert.ok(listed.body.campaigns.some((c: { id: string }) => c.id === id));
      assert.equal(resume.status, 200);
      assert.equal(resumed.status, "completed", JSON.stringify(resumed));
      assert.equal(resumed.progress.succeeded, 10, "CTRL00..CTRL09 matched CTRL0");
      // The held device was woken again on resume: its Download came in a connection-request
      // session, not at its next periodic Inform (600 s away).
      const afterResume = fleet.sessions(first).slice(sessionsBeforeResume);
      const downloadSession = afterResume.find((record) => record.rpcs.some(isDownload));
      assert.deepEqual(
        downloadSession?.events.map((event) => event.eventCode),
        ["6 CONNECTION REQUEST"],
        JSON.stringify(afterResume.map((record) => [record.events, record.rpcs])),
      );
      assert.equal((await acs.api("POST", `/campaigns/${id}/pause`)).status, 409);

      // Act: cancel another campaign once it has started
      const before = fleet.touched().size;
      const second = await acs.api("POST", "/campaigns", { body: body("CTRL1") });
      await until("one device of the second campaign to start", async () =>
        fleet.touched().size > before ? true : undefined,
      );
      const cancel = await acs.api("POST", `/campaigns/${second.body.id}/cancel`);
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      const cancelled = (await acs.api("GET", `/campaigns/${second.body.id}`)).body;

      // Assess
      assert.equal(cancel.status, 200);
      assert.equal(cancelled.status, "cancelled");
      assert.ok(
        cancelled.progress.skipped + cancelled.progress.pending >= 5,
        JSON.stringify(cancelled),
      );
      assert.ok(
        fleet.touched().size <= before + 4,
        "the cancelled campaign stopped waking devices",
      );
      assert.equal((await acs.api("POST", `/campaigns/${second.body.id}/resume`)).status, 409);
    } finally {
      await fleet.stop();
    }
  });
});

/** A Download RPC as the simulator records it (`Download:<CommandKey>`). */
const isDownload = (rpc: string) => rpc.startsWith("Download");

/** Uploads a firmware image through the API, as an operator would with curl. */
async function uploadFirmware(acs: LocalAcsHarness, version: string): Promise<string> {
  const image = Buffer.from(`VERSION=${version}\nfirmware image bytes\n`);
  const created = await acs.api("POST", "/files", {
    body: { name: `hgw-${version}.bin`, fileType: "1 Firmware Upgrade Image", version },
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const { id, upload } = created.body;
  const put = await fetch(upload.url, {
    method: upload.method,
    headers: upload.headers,
    body: image,
  });
  await put.text();
  const completed = await acs.api("POST", `/files/${id}/complete`);
  assert.equal(completed.status, 200, JSON.stringify(completed.body));
  return id;
}

async function campaignEnded(acs: LocalAcsHarness, id: string) {
  return until(
    `campaign ${id} to end`,
    async () => {
      const campaign = (await acs.api("GET", `/campaigns/${id}`)).body;
      return ["halted", "completed", "cancelled"].includes(campaign.status) ? campaign : undefined;
    },
    240_000,
  );
}

/** Indices of the devices of a fleet of `size` whose downloads fail with `seed`. */
function failing(seed: number, size: number): Set<number> {
  const fleet = downloadFailureFleet({ fraction: 0.2, mode: "mixed", seed });
  const out = new Set<number>();
  for (let index = 0; index < size; index += 1) if (fleet(index).failDownloads) out.add(index);
  return out;
}

function count(set: Set<number>, from: number, to: number): number {
  let n = 0;
  for (let index = from; index < to; index += 1) if (set.has(index)) n += 1;
  return n;
}

function seedWhere(accept: (fails: Set<number>) => boolean): number {
  for (let seed = 1; seed < 10_000; seed += 1) if (accept(failing(seed, 100))) return seed;
  throw new Error("no seed fits");
}

export type { RolloutFleet };
