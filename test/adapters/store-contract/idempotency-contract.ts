import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { IdempotencyClaim } from "../../../functions/ports.ts";
import { type CreateStores, deviceA, deviceB, t0 } from "./fixtures.ts";

const dayMs = 24 * 3_600_000;

function claim(overrides: Partial<IdempotencyClaim> = {}): IdempotencyClaim {
  return {
    deviceId: deviceA,
    key: "key-1",
    taskId: "task-1",
    now: t0,
    expiresAt: t0 + dayMs,
    ...overrides,
  };
}

/** TaskStore.claimIdempotencyKey / releaseIdempotencyKey. */
export function idempotencyContract(createStores: CreateStores): void {
  describe("idempotency keys", () => {
    it("claims a free key, then returns the bound task id to later claims", async () => {
      // Prepare
      const { tasks } = await createStores();

      // Act
      const first = await tasks.claimIdempotencyKey(claim());
      const second = await tasks.claimIdempotencyKey(claim({ taskId: "task-2", now: t0 + 5 }));

      // Assess
      assert.equal(first, undefined);
      assert.equal(second, "task-1");
    });

    it("keeps keys of different devices and different keys apart", async () => {
      // Prepare
      const { tasks } = await createStores();
      await tasks.claimIdempotencyKey(claim());

      // Act
      const otherDevice = await tasks.claimIdempotencyKey(
        claim({ deviceId: deviceB, taskId: "b" }),
      );
      const otherKey = await tasks.claimIdempotencyKey(claim({ key: "key-2", taskId: "k2" }));

      // Assess
      assert.deepEqual([otherDevice, otherKey], [undefined, undefined]);
      assert.equal(await tasks.claimIdempotencyKey(claim({ taskId: "x" })), "task-1");
      assert.equal(await tasks.claimIdempotencyKey(claim({ deviceId: deviceB, taskId: "x" })), "b");
    });

    it("lets an expired binding be claimed again", async () => {
      // Prepare
      const { tasks } = await createStores();
      await tasks.claimIdempotencyKey(claim({ expiresAt: t0 + 1_000 }));
      const live = await tasks.claimIdempotencyKey(claim({ taskId: "early", now: t0 + 999 }));

      // Act
      const reclaimed = await tasks.claimIdempotencyKey(
        claim({ taskId: "task-2", now: t0 + 1_000, expiresAt: t0 + 2_000 }),
      );
      const afterwards = await tasks.claimIdempotencyKey(
        claim({ taskId: "task-3", now: t0 + 1_500 }),
      );

      // Assess
      assert.equal(live, "task-1");
      assert.equal(reclaimed, undefined);
      assert.equal(afterwards, "task-2");
    });

    it("frees a released key, and releasing a free key is no error", async () => {
      // Prepare
      const { tasks } = await createStores();
      await tasks.claimIdempotencyKey(claim());

      // Act
      await tasks.releaseIdempotencyKey(deviceA, "key-1");
      await tasks.releaseIdempotencyKey(deviceA, "key-1");
      await tasks.releaseIdempotencyKey(deviceB, "never-claimed");
      const again = await tasks.claimIdempotencyKey(claim({ taskId: "task-2" }));

      // Assess
      assert.equal(again, undefined);
      assert.equal(await tasks.claimIdempotencyKey(claim({ taskId: "task-3" })), "task-2");
    });
  });
}
