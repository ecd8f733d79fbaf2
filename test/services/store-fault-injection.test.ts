import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { builtInTaskDefaults } from "../../functions/config/task-defaults.ts";
import { newTask } from "../../functions/core/model/new-task.ts";
import {
  finalTaskStatuses,
  type TaskRecord,
  type TaskSpec,
} from "../../functions/core/model/task.ts";
import { StoreUnavailableError } from "../../functions/port-errors.ts";
import { campaignWithStatus } from "../adapters/store-contract/campaign-progress-contract.ts";
import { memorySession, type SessionStores } from "../support/memory-session.ts";
import { scriptedCpe } from "../support/scripted-cpe.ts";

const deviceId = "00D09E-HGW-FI1";

/** Wraps every store method so that the nth call of all of them together fails. */
function failingNth(
  stores: SessionStores,
  n: number,
  counter: { calls: number; failed?: string },
): SessionStores {
  const wrap = <T extends object>(target: T): T =>
    new Proxy(target, {
      get(object, key, receiver) {
        const value = Reflect.get(object, key, receiver);
        if (typeof value !== "function") return value;
        return (...args: unknown[]) => {
          counter.calls += 1;
          if (counter.calls === n) {
            counter.failed = String(key);
            return Promise.reject(new StoreUnavailableError(`injected fault at call ${n}`));
          }
          return value.apply(object, args);
        };
      },
    });
  return {
    devices: wrap(stores.devices),
    parameters: wrap(stores.parameters),
    tasks: wrap(stores.tasks),
    campaignProgress: wrap(stores.campaignProgress),
  };
}

/**
 * Campaign tasks: the gate reads the campaign's status, and their ends are counted. Tasks of no
 * campaign: the first is sent by the hinted send (hinted-send.ts), its write the only request.
 */
function task(id: string, spec: TaskSpec, now: number, campaign: boolean): TaskRecord {
  return newTask({
    id,
    deviceId,
    spec,
    now,
    defaults: builtInTaskDefaults,
    ...(campaign && { origin: { campaignId: "C1", campaignStage: 0 } }),
  });
}

/**
 * One run: a registered device, two tasks queued and a new SoftwareVersion; the store's nth
 * call fails. The CPE retries as TR-069 3.2.1.1 says (RetryCount), then runs periodic
 * sessions until its tasks have ended.
 */
async function runWithFaultAt(n: number, campaign = true) {
  const counter: { calls: number; armed: boolean; failed?: string } = { calls: 0, armed: false };
  const acs = memorySession({
    wrap: (stores) =>
      failingNth(stores, n, {
        get calls() {
          return counter.armed ? counter.calls : 0;
        },
        set calls(v) {
          if (counter.armed) counter.calls = v;
        },
        set failed(method: string) {
          counter.failed = method;
        },
      }),
  });
  await acs.campaigns.createCampaign(campaignWithStatus("C1", "running"));
  const cpe = scriptedCpe("FI1", {
    "Device.DeviceInfo.SoftwareVersion": "1.0",
    "Device.Users.User.1.Username": "old",
  });
  const registered = await cpe.session(acs, ["0 BOOTSTRAP", "1 BOOT"], 0);
  assert.equal(registered.ok, true);
  const now = acs.clock.now();
  await acs.stores.tasks.createTask(
    task(
      "T-spv",
      { name: "setParameterValues", parameterValues: [["Device.Users.User.1.Username", "new"]] },
      now,
      campaign,
    ),
  );
  await acs.stores.tasks.createTask(
    task(
      "T-gpv",
      { name: "getParameterValues", parameterNames: ["Device.Users.User.1.Username"] },
      now + 1,
      campaign,
    ),
  );
  cpe.model.set("Device.DeviceInfo.SoftwareVersion", "2.0");
  counter.armed = true;

  const sessions: { ok: boolean; rpcs: string[]; statuses: number[] }[] = [];
  let retryCount = 0;
  for (let i = 0; i < 8; i++) {
    acs.advance(1_000);
    const result = await cpe.session(acs, ["2 PERIODIC"], retryCount);
    sessions.push(result);
    retryCount = result.ok ? 0 : retryCount + 1;
    const tasks = await acs.stores.tasks.listTasks(deviceId);
    if (result.ok && tasks.every((t) => finalTaskStatuses.has(t.status))) break;
  }
  return { acs, cpe, sessions, injected: counter.calls >= n, failed: counter.failed };
}

describe("a session survives a store fault at every call", () => {
  for (const campaign of [true, false]) {
    it(`loses nothing, locks nobody out, and runs no task twice in one session, for every N (${campaign ? "campaign tasks" : "tasks of no campaign, the first sent by the hinted send"})`, async () => {
      // Prepare: how many store calls does a clean run make?
      const clean = await runWithFaultAt(Number.MAX_SAFE_INTEGER, campaign);
      assert.equal(clean.sessions.length, 1, "a clean run needs one session");
      const failedCalls = new Set<string>();
      let covered = 0;
      for (let n = 1; ; n++) {
        // Act
        const run = await runWithFaultAt(n, campaign);
        if (!run.injected) break; // past the last call of the run: every N was covered
        covered = n;
        failedCalls.add(run.failed ?? "");

        // Assess
        await assertNothingLost(run, n, campaign);
      }
      console.log(`store fault injected at each of ${covered} calls`);
      assert.ok(covered >= 10, `covered ${covered} store calls`);
      const expectedFaults = campaign ? ["getCampaignStatus", "recordOutcome"] : ["claimForSend"];
      for (const method of expectedFaults)
        assert.ok(failedCalls.has(method), `a fault was injected into ${method}`);
    });
  }
});

/** Every task ended done, the CPE holds the value set, the Inform value is stored, no lockout. */
async function assertNothingLost(
  run: Awaited<ReturnType<typeof runWithFaultAt>>,
  n: number,
  campaign: boolean,
): Promise<void> {
  const tasks = await run.acs.stores.tasks.listTasks(deviceId);
  for (const t of tasks)
    assert.equal(t.status, "done", `N=${n}: ${t.id} ${t.status} ${t.reason ?? ""}`);
  assert.equal(run.cpe.model.get("Device.Users.User.1.Username"), "new", `N=${n}`);
  const device = await run.acs.stores.devices.getDevice(deviceId);
  assert.deepEqual(
    device?.informParameters["Device.DeviceInfo.SoftwareVersion"],
    ["2.0", "string"],
    `N=${n}`,
  );
  const stored = await run.acs.stores.parameters.getParameters(
    deviceId,
    device?.parameterGeneration ?? -1,
    "Device.DeviceInfo.SoftwareVersion",
  );
  assert.equal(stored[0]?.value, "2.0", `N=${n}: the changed Inform value is stored`);
  // No lockout: the one failed exchange is the injected one; the retry is never refused.
  const refused = run.sessions.flatMap((s) => s.statuses).filter((s) => s !== 200 && s !== 204);
  assert.ok(
    refused.length <= 1,
    `N=${n}: answers ${JSON.stringify(run.sessions.map((s) => s.statuses))}`,
  );
  assert.ok(run.sessions.length <= 3, `N=${n}: ${run.sessions.length} sessions`);
  if (campaign) {
    // Each task's end counted once; only a failed recordOutcome may lose one count.
    const [stage] = await run.acs.campaignProgress.readProgress("C1");
    const expected = run.failed === "recordOutcome" ? 1 : 2;
    assert.equal(stage?.succeeded, expected, `N=${n} failed ${run.failed}`);
    if (run.failed === "recordOutcome")
      assert.deepEqual(refused, [], `N=${n}: a lost count never fails the exchange`);
  }
  // No RPC twice in one session.
  for (const s of run.sessions)
    assert.equal(new Set(s.rpcs).size, s.rpcs.length, `N=${n}: ${s.rpcs.join(" | ")}`);
}
