import { createMemoryStores } from "../../functions/adapters/memory/index.ts";
import { createMemoryCampaignStore } from "../../functions/adapters/memory/memory-campaign-store.ts";
import type { CampaignDeps } from "../../functions/campaigns/campaign-deps.ts";
import { stepCampaign } from "../../functions/campaigns/step-campaign.ts";
import type { CampaignRecord } from "../../functions/core/model/campaign.ts";
import type { FileRecord } from "../../functions/core/model/file-record.ts";
import type { AcsEvent, ConnectionRequestMessage } from "../../functions/ports.ts";
import { deviceRecord } from "../connection-request-service/fixtures.ts";
import { fakeProgressStore } from "./fake-progress-store.ts";

export const t0 = Date.parse("2027-03-10T02:00:00Z");
const taskDefaults = { lifetimeMs: 3_600_000, maxAttempts: 2 } as const;

/** The runner over memory stores: `count` matching devices, one of another OUI, a movable clock. */
export function rig(count: number, overrides: Partial<CampaignRecord> = {}, file?: FileRecord) {
  const { table, ...stores } = createMemoryStores();
  const matching = Array.from(
    { length: count },
    (_, i) => `00D09E-HGW-S${String(i).padStart(3, "0")}`,
  );
  for (const id of [...matching, "AABBCC-HGW-X1"]) {
    const { taskQueue: _queue, ...device } = deviceRecord({ id, oui: id.slice(0, 6) });
    table.devices.set(id, { device, queue: new Map() });
  }
  const campaigns = new Map<string, CampaignRecord>();
  const progress = fakeProgressStore();
  const sent: ConnectionRequestMessage[] = [];
  const events: AcsEvent[] = [];
  let now = t0;
  let issued = 0;
  const deps: CampaignDeps = {
    ...stores,
    campaigns: createMemoryCampaignStore({ campaigns }),
    progress: progress.store,
    files: { getFile: async (id) => (id === file?.id ? file : undefined) },
    connectionRequests: { send: async (message) => void sent.push(message) },
    events: { publish: async (published) => void events.push(...published) },
    clock: { now: () => now },
    ids: { randomId: () => `r${++issued}`, sortableId: () => String(++issued).padStart(26, "0") },
    logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
    runnerId: "runner-a",
    settings: {
      pageSize: 50,
      leaseMs: 30_000,
      wakeValidMs: 60_000,
      catchUpMs: 500,
      heldCheckMs: 5_000,
    },
    taskDefaults,
  };
  campaigns.set("C1", {
    id: "C1",
    filter: { oui: "00D09E" },
    task: { name: "reboot" },
    rate: { connectionRequestsPerSecond: 100, maxInSession: 100 },
    stages: { soakSeconds: 0, stageTimeoutSeconds: 900 },
    status: "running",
    createdAt: t0,
    updatedAt: t0,
    version: 1,
    counting: { counted: 0 },
    assigned: 0,
    toWake: [],
    nextWakeAt: t0,
    ...overrides,
  });
  const current = () => campaigns.get("C1") as CampaignRecord;
  const step = async () => {
    await stepCampaign(deps, current());
    now += 1_000;
  };
  const tasksOf = async () =>
    (await Promise.all(matching.map((id) => stores.tasks.listTasks(id)))).flat();
  /** What sessions would do: each woken device's pending task ends as `outcome(deviceId)` says. */
  const finishWoken = async (outcome: (deviceId: string) => "done" | "faulted" = () => "done") => {
    for (const message of sent) {
      for (const task of await stores.tasks.listTasks(message.deviceId)) {
        if (task.status !== "pending") continue;
        const status = outcome(message.deviceId);
        await stores.tasks.updateTask({ ...task, status, updatedAt: now }, "pending");
        await progress.record(
          "C1",
          task.campaignStage ?? 0,
          status === "done" ? "succeeded" : "failed",
          task.deviceId,
        );
      }
    }
  };
  const setDevice = (
    id: string,
    informParameters: Record<string, readonly [string, "xsd:string"]>,
    productClass = "HGW",
  ) => {
    const entry = table.devices.get(id);
    if (entry) entry.device = { ...entry.device, informParameters, productClass };
  };
  return {
    setDevice,
    deps,
    stores,
    progress,
    sent,
    events,
    matching,
    current,
    step,
    tasksOf,
    finishWoken,
    advance: (ms: number) => {
      now += ms;
    },
    now: () => now,
  };
}
