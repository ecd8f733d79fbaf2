import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { IdempotencyClaim } from "../../../functions/ports.ts";
import { type CreateStores, deviceA, deviceB, t0 } from "./fixtures.ts";

const dayMs = 24 * 3_600_000;

/** The binding a claim of `taskId` (with the default request hash) leaves. */
const bound = (taskId: string) => ({ taskId, requestHash: "hash-1" });

function claim(overrides: Partial<IdempotencyClaim> = {}): IdempotencyClaim {
  return {
    deviceId: deviceA,
    key: "key-1",
    taskId: "task-1",
    requestHash: "hash-1",
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
      assert.deepEqual(second, bound("task-1"));
    });

    it("returns the first request's hash to a claim with another one, unchanged", async () => {
      // Prepare
      const { tasks } = await createStores();
      await tasks.claimIdempotencyKey(claim());

      // Act
      const other = await tasks.claimIdempotencyKey(claim({ taskId: "t2", requestHash: "hash-2" }));
      const again = await tasks.claimIdempotencyKey(claim({ taskId: "t3" }));

      // Assess
      assert.deepEqual(other, bound("task-1"));
      assert.deepEqual(again, bound("task-1"));
    });

    it("lets exactly one of 20 concurrent claims of one key win, the others see its binding", async () => {
      // Prepare
      const { tasks } = await createStores();
      const claims = Array.from({ length: 20 }, (_, i) => claim({ taskId: `task-${i}` }));

      // Act
      const results = await Promise.all(claims.map((each) => tasks.claimIdempotencyKey(each)));

      // Assess
      const winners = claims.filter((_, i) => results[i] === undefined);
      assert.equal(winners.length, 1);
      for (const result of results.filter((each) => each !== undefined)) {
        assert.deepEqual(result, bound(winners[0]?.taskId ?? "none"));
      }
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
      assert.deepEqual(await tasks.claimIdempotencyKey(claim({ taskId: "x" })), bound("task-1"));
      assert.deepEqual(
        await tasks.claimIdempotencyKey(claim({ deviceId: deviceB, taskId: "x" })),
        bound("b"),
      );
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
      assert.deepEqual(live, bound("task-1"));
      assert.equal(reclaimed, undefined);
      assert.deepEqual(afterwards, bound("task-2"));
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
      assert.deepEqual(
        await tasks.claimIdempotencyKey(claim({ taskId: "task-3" })),
        bound("task-2"),
      );
    });
  });
}
