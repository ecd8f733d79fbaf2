import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createMemoryStores } from "../../functions/adapters/memory/index.ts";
import { createMemoryCampaignStore } from "../../functions/adapters/memory/memory-campaign-store.ts";
import type { CampaignDeps } from "../../functions/campaigns/campaign-deps.ts";
import { stepCampaign } from "../../functions/campaigns/step-campaign.ts";
import { type CampaignRecord, emptyCampaignCounts } from "../../functions/core/model/campaign.ts";
import type { ConnectionRequestMessage } from "../../functions/ports.ts";
import { deviceRecord } from "../connection-request-service/fixtures.ts";

const t0 = 1_800_000_000_000;
const taskDefaults = { lifetimeMs: 3_600_000, maxAttempts: 2 } as const;
const matching = ["00D09E-HGW-S1", "00D09E-HGW-S2", "00D09E-HGW-S3"];

/** The runner over memory stores: three matching devices, one of another OUI, a movable clock. */
function rig() {
  const { table, ...stores } = createMemoryStores();
  for (const id of [...matching, "AABBCC-HGW-X1"]) {
    const { taskQueue: _queue, ...device } = deviceRecord({ id, oui: id.slice(0, 6) });
    table.devices.set(id, { device, queue: new Map() });
  }
  const campaigns = new Map<string, CampaignRecord>();
  const sent: ConnectionRequestMessage[] = [];
  let now = t0;
  let issued = 0;
  const deps: CampaignDeps = {
    ...stores,
    campaigns: createMemoryCampaignStore({ campaigns }),
    connectionRequests: { send: async (message) => void sent.push(message) },
    clock: { now: () => now },
    ids: { randomId: () => `r${++issued}`, sortableId: () => String(++issued).padStart(26, "0") },
    logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
    runnerId: "runner-a",
    settings: { pageSize: 2, leaseMs: 30_000, watchTimeoutMs: 60_000 },
    taskDefaults,
  };
  const campaign: CampaignRecord = {
    id: "C1",
    filter: { oui: "00D09E" },
    task: { name: "reboot" },
    rate: { connectionRequestsPerSecond: 1, maxInSession: 2 },
    status: "running",
    createdAt: t0,
    updatedAt: t0,
    version: 1,
    toWake: [],
    watching: [],
    counts: emptyCampaignCounts,
    nextWakeAt: t0,
  };
  campaigns.set(campaign.id, campaign);
  const advance = (ms: number) => {
    now += ms;
  };
  /** What a session would do: the device's open tasks end done. */
  const finishTasks = async (deviceId: string) => {
    for (const task of await stores.tasks.listTasks(deviceId)) {
      if (task.status === "pending")
        await stores.tasks.updateTask({ ...task, status: "done", updatedAt: now }, "pending");
    }
  };
  const current = () => campaigns.get(campaign.id) as CampaignRecord;
  return { deps, stores, campaign, sent, advance, finishTasks, current, now: () => now };
}

describe("stepCampaign", () => {
  it("queues a page of matching devices with the configured defaults and wakes at the rate", async () => {
    // Prepare
    const { deps, stores, campaign, sent } = rig();

    // Act
    const next = await stepCampaign(deps, campaign);

    // Assess
    const tasks = (await Promise.all(matching.map((id) => stores.tasks.listTasks(id)))).flat();
    assert.equal(tasks.length, 2, "one page (2) of the matching devices");
    for (const task of tasks) {
      assert.deepEqual([task.spec.name, task.campaignId, task.status], ["reboot", "C1", "pending"]);
    }
    for (const task of tasks) {
      assert.equal(task.expiresAt, t0 + taskDefaults.lifetimeMs);
      assert.equal(task.maxAttempts, taskDefaults.maxAttempts);
    }
    assert.deepEqual(
      sent.map((m) => [m.deviceId, m.reason]),
      [[next?.watching[0]?.deviceId, "campaign C1"]],
      "1 per second: one now, the next a second later",
    );
    assert.equal(next?.toWake.length, 1);
    assert.equal(next?.counts.queued, 2);
    assert.equal(next?.counts.woken, 1);
    assert.equal(next?.status, "running");
  });

  it("leaves a campaign another runner holds alone", async () => {
    // Prepare
    const { deps, stores, campaign, sent } = rig();
    const held = { ...campaign, runner: { id: "runner-b", until: t0 + 1 } };

    // Act
    const next = await stepCampaign(deps, held);

    // Assess
    assert.equal(next, undefined);
    assert.deepEqual(await stores.tasks.listTasks(matching[0] as string), []);
    assert.deepEqual(sent, []);
  });

  it("skips a device deleted between the listing and its task", async () => {
    // Prepare
    const { deps, campaign } = rig();
    const listDevices = deps.devices.listDevices.bind(deps.devices);
    const vanishing = deviceRecord({ id: "00D09E-HGW-GONE" });
    const withGhost: CampaignDeps = {
      ...deps,
      devices: {
        ...deps.devices,
        listDevices: async (query) => {
          const page = await listDevices(query);
          return { ...page, devices: [vanishing, ...page.devices] };
        },
      },
    };

    // Act
    const next = await stepCampaign(withGhost, campaign);

    // Assess
    assert.equal(next?.counts.queued, 2, "the two listed devices that exist");
    assert.ok(!next?.toWake.some((entry) => entry.deviceId === vanishing.id));
    assert.ok(!next?.watching.some((entry) => entry.deviceId === vanishing.id));
  });

  it("runs to completion, counting each woken task as it ends", async () => {
    // Prepare
    const { deps, stores, advance, finishTasks, current, sent } = rig();

    // Act: step once a second; each woken device runs its task before the next step.
    for (let step = 0; step < 10 && current().status === "running"; step++) {
      await stepCampaign(deps, current());
      for (const message of sent) await finishTasks(message.deviceId);
      advance(1_000);
    }

    // Assess
    const done = current();
    assert.equal(done.status, "completed");
    assert.deepEqual(done.counts, { ...emptyCampaignCounts, queued: 3, woken: 3, done: 3 });
    assert.equal(done.runner, undefined, "the lease is given back");
    assert.deepEqual(await stores.tasks.listTasks("AABBCC-HGW-X1"), [], "another OUI");
  });

  it("counts a device whose connection request failed as unreachable", async () => {
    // Prepare
    const { deps, stores, campaign, advance, current } = rig();
    const woken = (await stepCampaign(deps, campaign))?.watching[0]?.deviceId ?? "";
    advance(500);
    await stores.devices.recordConnectionRequest(woken, {
      at: t0 + 500,
      method: "http",
      outcome: "failed",
      detail: "http timeout",
    });

    // Act
    const next = await stepCampaign(deps, current());

    // Assess
    assert.equal(next?.counts.unreachable, 1);
    assert.ok(!next?.watching.some((entry) => entry.deviceId === woken));
  });
});
