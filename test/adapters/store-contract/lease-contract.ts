import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  type CreateStores,
  deviceA,
  deviceB,
  informFacts,
  leaseMs,
  recorded,
  registerDevice,
  sessionState,
  t0,
  taskRecord,
} from "./fixtures.ts";

const quiet = { until: t0 + 86_400_000, fingerprint: "profiles-v1" };

/**
 * The periodic Inform's cheap path: an Inform whose facts are recorded writes only the lease and
 * says what waits; an idle session ends in one conditional write; the profiles' quiet period
 * survives only a close that states it (and a tag change ends it).
 */
export function leaseContract(createStores: CreateStores): void {
  describe("openSession on a known device", () => {
    it("leaves the record alone when the Inform's facts are those recorded, and says what waits", async () => {
      // Prepare
      const stores = await createStores();
      await registerDevice(stores, deviceA);
      await stores.tasks.createTask(taskRecord(deviceA, "t2", t0 + 6));
      await stores.tasks.createTask(taskRecord(deviceA, "t1", t0 + 5));
      const now = t0 + 60_000;

      // Act
      const opened = await stores.devices.openSession(
        informFacts(deviceA),
        sessionState(deviceA, "s2", now),
        now,
      );

      // Assess
      assert.equal(opened.inform, "unchanged");
      assert.equal(opened.newDevice, false);
      assert.equal(opened.device, undefined);
      assert.equal(opened.pending.queuedTasks, 2);
      assert.equal(opened.pending.headTaskId, "t1", "the oldest queued task");
      const device = await stores.devices.getDevice(deviceA);
      assert.equal(device?.lastInformAt, now);
      assert.deepEqual(device?.lastEvents, ["2 PERIODIC"]);
      assert.deepEqual(device?.taskQueue, ["t1", "t2"]);
      assert.equal(device?.sessionExpiresAt, now + leaseMs);
    });

    it("reads a task ahead with the session only when it is the device's own", async () => {
      // Prepare
      const stores = await createStores();
      await registerDevice(stores, deviceA);
      await registerDevice(stores, deviceB);
      await stores.tasks.createTask(taskRecord(deviceA, "t1", t0 + 5));
      await stores.tasks.createTask(taskRecord(deviceB, "tb", t0 + 5));
      const now = t0 + 60_000;
      await stores.devices.openSession(informFacts(deviceA), sessionState(deviceA, "s2", now), now);

      // Act
      const own = await stores.devices.loadSession(deviceA, "s2", now + 1, "t1");
      const foreign = await stores.devices.loadSession(deviceA, "s2", now + 1, "tb");
      const missing = await stores.devices.loadSession(deviceA, "s2", now + 1, "nope");
      const plain = await stores.devices.loadSession(deviceA, "s2", now + 1);

      // Assess
      assert.equal(own?.prefetchedTask?.id, "t1");
      assert.equal(own?.prefetchedTask?.status, "pending");
      assert.equal(own?.session.id, "s2");
      assert.equal(foreign?.session.id, "s2");
      assert.equal(foreign?.prefetchedTask, undefined, "another device's task is not handed over");
      assert.equal(missing?.prefetchedTask, undefined);
      assert.equal(plain?.prefetchedTask, undefined);
    });

    it("records the Inform again when a fact changed, or on BOOTSTRAP", async () => {
      // Prepare
      const stores = await createStores();
      await registerDevice(stores, deviceA);
      const moved = informFacts(deviceA, { connectionRequestUrl: "http://192.0.2.9:7547/cr" });
      const session = sessionState(deviceA, "s2", t0 + 10);

      // Act
      const changed = await stores.devices.openSession(moved, session, t0 + 10);
      await stores.devices.closeSession(session, {}, t0 + 11);
      const bootstrap = await stores.devices.openSession(
        informFacts(deviceA, { connectionRequestUrl: moved.connectionRequestUrl, bootstrap: true }),
        sessionState(deviceA, "s3", t0 + 20),
        t0 + 20,
      );

      // Assess
      assert.equal(changed.inform, "recorded");
      assert.equal(recorded(changed).connectionRequestUrl, "http://192.0.2.9:7547/cr");
      assert.equal(bootstrap.inform, "recorded");
      assert.equal(recorded(bootstrap).parameterGeneration, 2);
    });

    it("records the Inform again after an abandoned session", async () => {
      // Prepare
      const stores = await createStores();
      await registerDevice(stores, deviceA);
      await stores.devices.openSession(informFacts(deviceA), sessionState(deviceA, "s2", t0), t0);
      const later = t0 + leaseMs + 1;

      // Act
      const opened = await stores.devices.openSession(
        informFacts(deviceA),
        sessionState(deviceA, "s3", later),
        later,
      );

      // Assess
      assert.equal(opened.inform, "recorded");
      assert.equal(opened.abandoned?.id, "s2");
    });
  });

  describe("closeIdleSession", () => {
    it("ends the session at its first exchange with nothing queued", async () => {
      // Prepare
      const stores = await createStores();
      await registerDevice(stores, deviceA);
      await stores.devices.openSession(informFacts(deviceA), sessionState(deviceA, "s2", t0), t0);

      // Act
      const closed = await stores.devices.closeIdleSession(deviceA, "s2", t0 + 5);

      // Assess
      assert.equal(closed, true);
      assert.equal(await stores.devices.loadSession(deviceA, "s2", t0 + 6), undefined);
      assert.equal((await stores.devices.getDevice(deviceA))?.lastSessionEndedAt, t0 + 5);
    });

    it("refuses, changing nothing, when a task was queued since the Inform", async () => {
      // Prepare
      const stores = await createStores();
      await registerDevice(stores, deviceA);
      await stores.devices.openSession(informFacts(deviceA), sessionState(deviceA, "s2", t0), t0);
      await stores.tasks.createTask(taskRecord(deviceA, "t1", t0 + 1));

      // Act
      const closed = await stores.devices.closeIdleSession(deviceA, "s2", t0 + 5);

      // Assess
      assert.equal(closed, false);
      const live = await stores.devices.loadSession(deviceA, "s2", t0 + 6);
      assert.equal(live?.session.id, "s2");
      assert.deepEqual(live?.device.taskQueue, ["t1"]);
    });

    it("refuses another session's id, a session past its first exchange, or an expired one", async () => {
      // Prepare
      const stores = await createStores();
      await registerDevice(stores, deviceA);
      const session = sessionState(deviceA, "s2", t0);
      await stores.devices.openSession(informFacts(deviceA), session, t0);

      // Act
      const forged = await stores.devices.closeIdleSession(deviceA, "another-session-id", t0 + 1);
      const expired = await stores.devices.closeIdleSession(deviceA, "s2", t0 + leaseMs + 1);
      await stores.devices.saveSession({ ...session, exchanges: 2 }, {});
      const busy = await stores.devices.closeIdleSession(deviceA, "s2", t0 + 2);

      // Assess
      assert.deepEqual([forged, expired, busy], [false, false, false]);
      assert.equal((await stores.devices.loadSession(deviceA, "s2", t0 + 3))?.session.exchanges, 2);
    });
  });

  describe("the profiles' quiet period", () => {
    it("is reported by the next Inform after a close that stated it", async () => {
      // Prepare
      const stores = await createStores();
      await registerDevice(stores, deviceA);
      const session = sessionState(deviceA, "s2", t0);
      await stores.devices.openSession(informFacts(deviceA), session, t0);
      await stores.devices.closeSession(session, { provisioningQuiet: quiet }, t0 + 1);

      // Act
      const opened = await stores.devices.openSession(
        informFacts(deviceA),
        sessionState(deviceA, "s3", t0 + 10),
        t0 + 10,
      );

      // Assess
      assert.deepEqual(opened.pending.provisioningQuiet, quiet);
      assert.equal(opened.pending.queuedTasks, 0);
    });

    it("survives an idle close, and ends with a session write that does not state it", async () => {
      // Prepare
      const stores = await createStores();
      await registerDevice(stores, deviceA);
      const first = sessionState(deviceA, "s2", t0);
      await stores.devices.openSession(informFacts(deviceA), first, t0);
      await stores.devices.closeSession(first, { provisioningQuiet: quiet }, t0 + 1);
      await stores.devices.openSession(
        informFacts(deviceA),
        sessionState(deviceA, "s3", t0 + 2),
        t0 + 2,
      );
      await stores.devices.closeIdleSession(deviceA, "s3", t0 + 3);
      const third = sessionState(deviceA, "s4", t0 + 4);
      const kept = await stores.devices.openSession(informFacts(deviceA), third, t0 + 4);

      // Act
      await stores.devices.saveSession({ ...third, exchanges: 2 }, {});
      await stores.devices.closeSession(third, {}, t0 + 5);
      const after = await stores.devices.openSession(
        informFacts(deviceA),
        sessionState(deviceA, "s5", t0 + 6),
        t0 + 6,
      );

      // Assess
      assert.deepEqual(kept.pending.provisioningQuiet, quiet);
      assert.equal(after.pending.provisioningQuiet, undefined);
    });

    it("ends when the device's tags change (a tag may be a precondition)", async () => {
      // Prepare
      const stores = await createStores();
      await registerDevice(stores, deviceA);
      const session = sessionState(deviceA, "s2", t0);
      await stores.devices.openSession(informFacts(deviceA), session, t0);
      await stores.devices.closeSession(session, { provisioningQuiet: quiet }, t0 + 1);

      // Act
      await stores.devices.setTag(deviceA, "lab", true);
      const opened = await stores.devices.openSession(
        informFacts(deviceA),
        sessionState(deviceA, "s3", t0 + 10),
        t0 + 10,
      );

      // Assess
      assert.equal(opened.pending.provisioningQuiet, undefined);
    });
  });
}
