import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { CampaignStore } from "../../../functions/campaign-ports.ts";
import {
  type CampaignRecord,
  type CampaignStatus,
  defaultStageTimeoutSeconds,
} from "../../../functions/core/model/campaign.ts";
import { maxDeviceIdLength } from "../../../functions/core/model/store-limits.ts";
import { CampaignConflictError, InvalidCursorError } from "../../../functions/port-errors.ts";

const t0 = 1_800_000_000_000;

/** Campaign `C<nn>` (ids of one length, so id order is numeric order) created at t0 + `age`. */
function campaign(n: number, status: CampaignStatus, age = n): CampaignRecord {
  return {
    id: `C${String(n).padStart(2, "0")}`,
    filter: { oui: "00D09E", productClass: "HGW" },
    task: { name: "reboot" },
    rate: { connectionRequestsPerSecond: 0.5, maxInSession: 20 },
    status,
    createdAt: t0 + age,
    updatedAt: t0 + age,
    version: 1,
    stages: { canary: 5, waves: { percent: 25 }, soakSeconds: 60, stageTimeoutSeconds: 900 },
    counting: { counted: 0 },
    assigned: 0,
    toWake: [],
    nextWakeAt: t0,
  };
}

/** The same campaign as a later save of it: status changed, version one more. */
function saved(record: CampaignRecord, status: CampaignStatus): CampaignRecord {
  return { ...record, status, version: record.version + 1, updatedAt: record.updatedAt + 1 };
}

const ids = (campaigns: readonly CampaignRecord[]) => campaigns.map((c) => c.id);

/** Every page of a listing, following cursors until none is given. */
async function allPages(
  store: CampaignStore,
  query: { status?: CampaignStatus; limit: number },
): Promise<CampaignRecord[][]> {
  const pages: CampaignRecord[][] = [];
  let cursor: string | undefined;
  do {
    const page = await store.listCampaigns({ ...query, ...(cursor !== undefined && { cursor }) });
    pages.push([...page.campaigns]);
    cursor = page.cursor;
    assert.ok(pages.length <= 20, "the listing does not end");
  } while (cursor !== undefined);
  return pages;
}

/**
 * Eleven campaigns over every status, created out of id order. The documented order of a listing
 * of every status is running, paused, halted, cancelled, completed; within a status, oldest
 * first (createdAt, then id).
 */
async function createFleet(store: CampaignStore): Promise<string[]> {
  const fleet = [
    campaign(1, "completed", 50),
    campaign(2, "running", 30),
    campaign(3, "paused", 10),
    campaign(4, "running", 10),
    campaign(5, "halted", 5),
    campaign(6, "cancelled", 7),
    campaign(7, "running", 10), // same createdAt as C04: the id decides
    campaign(8, "paused", 1),
    campaign(9, "completed", 2),
    campaign(10, "halted", 90),
    campaign(11, "running", 1),
  ];
  for (const record of fleet) await store.createCampaign(record);
  return ["C11", "C04", "C07", "C02", "C08", "C03", "C05", "C10", "C06", "C09", "C01"];
}

/** The largest lists a campaign item carries: one listing page of devices with the longest ids. */
function largestCampaign(): CampaignRecord {
  const deviceId = (n: number) => `${n}-`.padEnd(maxDeviceIdLength, "X");
  const pageSize = 100;
  return {
    ...campaign(1, "running"),
    task: {
      name: "download",
      fileType: "1 Firmware Upgrade Image",
      url: `https://files.example.net/${"f".repeat(990)}`,
      fileSize: 4_294_967_295,
      targetFileName: "t".repeat(256),
    },
    maintenanceWindow: { start: "22:00", end: "04:00" },
    haltWhen: { stage: { failedPercent: 12.5, minFinished: 20 }, overall: { failedCount: 10 } },
    counting: { counted: 99_900, cursor: "c".repeat(1_500) },
    cursor: "d".repeat(1_500),
    stage: { index: 7, startedAt: t0, assigned: pageSize, notApplicable: 3, woken: 40 },
    assigned: 10_000_000,
    toWake: Array.from({ length: pageSize }, (_, n) => ({
      taskId: `01KBX${String(n).padStart(21, "0")}`,
      deviceId: deviceId(n),
    })),
    runner: { id: "runner-1", until: t0 + 30_000 },
  };
}

/** What every CampaignStore must do (memory and DynamoDB run the same cases). */
export function campaignStoreContract(fresh: () => Promise<CampaignStore>): void {
  describe("CampaignStore contract", () => {
    it("reads back what it created, and refuses a second create of the same id", async () => {
      // Prepare
      const store = await fresh();
      const record = campaign(1, "running");

      // Act
      await store.createCampaign(record);
      const again = store.createCampaign({ ...campaign(1, "paused"), createdAt: t0 + 99 });

      // Assess
      await assert.rejects(again, CampaignConflictError);
      assert.deepEqual(await store.getCampaign("C01"), record);
      assert.equal(await store.getCampaign("C02"), undefined);
    });

    it("saves the next version once; a stale or absent save is a CampaignConflictError", async () => {
      // Prepare
      const store = await fresh();
      const record = campaign(1, "running");
      await store.createCampaign(record);
      const next = { ...saved(record, "running"), assigned: 5 };

      // Act
      await store.saveCampaign(next);
      const stale = store.saveCampaign({ ...saved(record, "paused"), assigned: 9 });
      const skipping = store.saveCampaign({ ...next, version: next.version + 2 });
      const absent = store.saveCampaign(saved(campaign(2, "running"), "paused"));

      // Assess
      await assert.rejects(stale, (error) => {
        assert.ok(error instanceof CampaignConflictError);
        assert.equal(error.campaignId, "C01");
        return true;
      });
      await assert.rejects(skipping, CampaignConflictError);
      await assert.rejects(absent, CampaignConflictError);
      assert.deepEqual(await store.getCampaign("C01"), next);
      assert.equal(await store.getCampaign("C02"), undefined);
    });

    it("lists only running campaigns, oldest first", async () => {
      // Prepare
      const store = await fresh();
      await createFleet(store);

      // Act
      const running = await store.listRunning();

      // Assess
      assert.deepEqual(ids(running), ["C11", "C04", "C07", "C02"]);
      assert.ok(running.every((c) => c.status === "running"));
    });

    it("moves a campaign between listings when its status changes", async () => {
      // Prepare
      const store = await fresh();
      const first = campaign(1, "running");
      const second = campaign(2, "running");
      await store.createCampaign(first);
      await store.createCampaign(second);
      const paused = saved(first, "paused");
      const listed = async () => ({
        running: ids(await store.listRunning()),
        byStatus: ids((await store.listCampaigns({ status: "running", limit: 10 })).campaigns),
        paused: ids((await store.listCampaigns({ status: "paused", limit: 10 })).campaigns),
      });

      // Act
      await store.saveCampaign(paused);
      const whilePaused = await listed();
      await store.saveCampaign(saved(paused, "running"));
      const resumed = await listed();
      await store.saveCampaign(saved(second, "completed"));
      const done = await store.listCampaigns({ status: "completed", limit: 10 });

      // Assess
      assert.deepEqual(whilePaused, { running: ["C02"], byStatus: ["C02"], paused: ["C01"] });
      assert.deepEqual(resumed, { running: ["C01", "C02"], byStatus: ["C01", "C02"], paused: [] });
      assert.deepEqual(ids(await store.listRunning()), ["C01"]);
      assert.deepEqual(done.campaigns, [saved(second, "completed")]);
    });

    it("lists one status, every page in order, each campaign once", async () => {
      // Prepare
      const store = await fresh();
      const order = await createFleet(store);
      const expected: Record<CampaignStatus, string[]> = {
        running: ["C11", "C04", "C07", "C02"],
        paused: ["C08", "C03"],
        halted: ["C05", "C10"],
        cancelled: ["C06"],
        completed: ["C09", "C01"],
      };
      assert.deepEqual(Object.values(expected).flat(), order);

      for (const status of Object.keys(expected) as CampaignStatus[]) {
        for (const limit of [1, 2, 100]) {
          // Act
          const pages = await allPages(store, { status, limit });

          // Assess
          const name = `${status}, limit ${limit}`;
          assert.deepEqual(ids(pages.flat()), expected[status], name);
          assert.equal(pages.length, Math.ceil(expected[status].length / limit), name);
          assert.ok(
            pages.flat().every((c) => c.status === status),
            name,
          );
        }
      }
    });

    it("lists every status in the documented order, page by page, each campaign once", async () => {
      // Prepare
      const store = await fresh();
      const order = await createFleet(store);

      for (const limit of [1, 2, 3, 11, 100]) {
        // Act
        const pages = await allPages(store, { limit });

        // Assess: full pages, then what is left; no empty page and no cursor after the last.
        assert.deepEqual(ids(pages.flat()), order, `limit ${limit}`);
        assert.deepEqual(
          pages.map((page) => page.length),
          Array.from({ length: Math.ceil(order.length / limit) }, (_, n) =>
            Math.min(limit, order.length - n * limit),
          ),
          `limit ${limit}`,
        );
      }
    });

    it("resumes a listing of one status with its cursor without status, not with another", async () => {
      // Prepare
      const store = await fresh();
      await createFleet(store);
      const first = await store.listCampaigns({ status: "paused", limit: 1 });
      const cursor = first.cursor ?? assert.fail("expected a cursor after the first page");

      // Act
      const unfiltered = await store.listCampaigns({ limit: 2, cursor });
      const other = store.listCampaigns({ status: "running", limit: 2, cursor });

      // Assess: the cursor names a place in the walk over every status.
      assert.deepEqual(ids(first.campaigns), ["C08"]);
      assert.deepEqual(ids(unfiltered.campaigns), ["C03", "C05"]);
      await assert.rejects(other, InvalidCursorError);
    });

    it("refuses altered or foreign cursors with InvalidCursorError", async () => {
      // Prepare
      const store = await fresh();
      await createFleet(store);
      const first = await store.listCampaigns({ limit: 2 });
      const cursor = first.cursor ?? assert.fail("expected a cursor after the first page");
      const payload = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
      const forge = (value: unknown) =>
        Buffer.from(JSON.stringify(value), "utf8").toString("base64url");
      const attempts: [string, string][] = [
        ["truncated", cursor.slice(0, -4)],
        ["not a cursor", "not a cursor!"],
        ["empty", ""],
        ["unknown status", forge({ ...payload, s: "deleted" })],
        ["sort key without id", forge({ ...payload, a: "000001800000000000" })],
        ["sort key with a filter expression", forge({ ...payload, a: `${payload.a} OR x` })],
        ["another version", forge({ ...payload, v: 2 })],
        ["an extra field", forge({ ...payload, x: 1 })],
        ["not an object", forge([payload.s, payload.a])],
      ];

      for (const [name, tampered] of attempts) {
        // Act
        const listing = store.listCampaigns({ limit: 2, cursor: tampered });

        // Assess
        await assert.rejects(listing, InvalidCursorError, name);
      }
      const genuine = await store.listCampaigns({ limit: 2, cursor });
      assert.deepEqual(ids(genuine.campaigns), ["C07", "C02"]);
    });

    it("stores and lists a campaign with its largest lists", async () => {
      // Prepare
      const store = await fresh();
      const largest = largestCampaign();
      const halted: CampaignRecord = {
        ...saved(largest, "halted"),
        toWake: [],
        halt: {
          at: t0 + 5,
          stage: 7,
          reason: "stage 7: 100 of 100 finished devices failed (threshold 12.5% after 20)",
          failedDevices: largest.toWake.map((entry) => entry.deviceId),
        },
      };

      // Act
      await store.createCampaign(largest);
      const created = {
        got: await store.getCampaign(largest.id),
        running: await store.listRunning(),
        listed: (await store.listCampaigns({ limit: 1 })).campaigns,
      };
      await store.saveCampaign(halted);

      // Assess
      assert.deepEqual(created, { got: largest, running: [largest], listed: [largest] });
      assert.deepEqual(await store.getCampaign(largest.id), halted);
      assert.deepEqual((await store.listCampaigns({ status: "halted", limit: 1 })).campaigns, [
        halted,
      ]);
      assert.deepEqual(await store.listRunning(), []);
    });

    it("keeps stage defaults and optional fields as given", async () => {
      // Prepare
      const store = await fresh();
      const plain: CampaignRecord = {
        ...campaign(1, "running"),
        stages: { soakSeconds: 0, stageTimeoutSeconds: defaultStageTimeoutSeconds },
      };
      const { counting: _counting, ...counted } = { ...plain, matched: 0, cursor: "" };

      // Act
      await store.createCampaign(plain);
      await store.saveCampaign({ ...counted, version: 2 });

      // Assess: a field left out of the save is gone, an empty string or zero stays.
      const read = await store.getCampaign("C01");
      assert.deepEqual(read, { ...counted, version: 2 });
      assert.equal(read !== undefined && "counting" in read, false);
    });
  });
}
