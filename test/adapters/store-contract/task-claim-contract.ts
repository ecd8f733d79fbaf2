import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { TaskRecord } from "../../../functions/core/model/task.ts";
import { hintedSendTaskNames } from "../../../functions/core/session/send-hint.ts";
import type { TaskSendClaim } from "../../../functions/ports.ts";
import { type CreateStores, deviceA, deviceB, registerDevice, t0, taskRecord } from "./fixtures.ts";

const sent = { at: t0 + 1_000, session: "tag-of-session" };
const claim: TaskSendClaim = { taskId: "T1", deviceId: deviceA, sent, names: hintedSendTaskNames };

/**
 * TaskStore.claimForSend, the same for every TaskStore: one conditional write marks a pending
 * task of the device running and returns it as it was; any failed condition writes nothing.
 */
export function taskClaimContract(fresh: CreateStores): void {
  describe("claimForSend", () => {
    for (const [what, task] of [
      ["a pending task", {}],
      ["a campaign's task (its gate is the caller's)", { campaignId: "C1", campaignStage: 0 }],
    ] as const) {
      it(`marks ${what} running, counts the attempt, records the send, returns it as it was`, async () => {
        // Prepare
        const stores = await fresh();
        await registerDevice(stores, deviceA);
        const pending = taskRecord(deviceA, "T1", t0, task);
        await stores.tasks.createTask(pending);

        // Act
        const before = await stores.tasks.claimForSend(claim);

        // Assess
        assert.deepEqual(before, pending);
        const running = { ...pending, status: "running", attempts: 1, updatedAt: sent.at, sent };
        assert.deepEqual(await stores.tasks.getTask("T1"), running);
      });
    }

    const refusals: [string, Partial<TaskRecord>, Partial<TaskSendClaim>][] = [
      ["not pending", { status: "running" }, {}],
      ["another device's", {}, { deviceId: deviceB }],
      ["expired", { expiresAt: sent.at }, {}],
      ["with no send left", { attempts: 3, maxAttempts: 3 }, {}],
      ["of a kind not named", { spec: { name: "addObject", objectName: "Device.X." } }, {}],
      ["absent", {}, { taskId: "T-none" }],
    ];
    for (const [what, task, claimed] of refusals) {
      it(`refuses a task ${what}, writing nothing`, async () => {
        // Prepare
        const stores = await fresh();
        await registerDevice(stores, deviceA);
        await stores.tasks.createTask(taskRecord(deviceA, "T1", t0, task));
        const before = await stores.tasks.getTask("T1");

        // Act
        const result = await stores.tasks.claimForSend({ ...claim, ...claimed });

        // Assess
        assert.equal(result, undefined);
        assert.deepEqual(await stores.tasks.getTask("T1"), before);
      });
    }
  });
}
