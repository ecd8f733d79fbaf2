import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  DeviceNotFoundError,
  SessionBusyError,
  SessionLostError,
} from "../../../functions/port-errors.ts";
import {
  type CreateStores,
  deviceA,
  informFacts,
  leaseMs,
  recorded,
  registerDevice,
  sessionState,
  t0,
  taskRecord,
} from "./fixtures.ts";

/** DeviceStore: registry upsert, the session lease, session save/close. */
export function deviceStoreContract(createStores: CreateStores): void {
  describe("openSession", () => {
    it("registers a new device and reports no previous entry", async () => {
      // Prepare
      const { devices } = await createStores();
      const facts = informFacts(deviceA, { events: ["0 BOOTSTRAP", "1 BOOT"], bootstrap: true });

      // Act
      const opened = await devices.openSession(facts, sessionState(deviceA, "s1", t0), t0);

      // Assess
      assert.equal(opened.previous, undefined);
      assert.deepEqual(recorded(opened), {
        id: deviceA,
        manufacturer: facts.manufacturer,
        oui: facts.oui,
        productClass: facts.productClass,
        serialNumber: facts.serialNumber,
        firstInformAt: t0,
        lastInformAt: t0,
        lastEvents: ["0 BOOTSTRAP", "1 BOOT"],
        connectionRequestUrl: facts.connectionRequestUrl,
        tags: [],
        informParameters: facts.informParameters,
        parameterGeneration: 1,
        taskQueue: [],
        sessionExpiresAt: t0 + leaseMs,
      });
      assert.deepEqual(await devices.getDevice(deviceA), recorded(opened));
    });

    it("updates a known device, keeping its history, and returns the entry before", async () => {
      // Prepare
      const { devices } = await createStores();
      const first = sessionState(deviceA, "s1", t0);
      const firstOpen = await devices.openSession(informFacts(deviceA), first, t0);
      await devices.closeSession(first, {}, t0 + 5);
      const before = await devices.getDevice(deviceA);
      const later = t0 + 3_600_000;
      const facts = informFacts(deviceA, {
        events: ["2 PERIODIC"],
        connectionRequestUrl: undefined,
        connReqJabberId: "cpe1@xmpp.example/cwmp",
      });

      // Act
      const opened = await devices.openSession(facts, sessionState(deviceA, "s2", later), later);

      // Assess
      assert.deepEqual(opened.previous, before);
      assert.equal(recorded(opened).firstInformAt, recorded(firstOpen).firstInformAt);
      assert.equal(recorded(opened).lastInformAt, later);
      assert.equal(recorded(opened).lastSessionEndedAt, t0 + 5);
      assert.equal(recorded(opened).connectionRequestUrl, "http://192.0.2.7:7547/cr");
      assert.equal(recorded(opened).connReqJabberId, "cpe1@xmpp.example/cwmp");
      assert.equal(recorded(opened).parameterGeneration, 0);
      assert.deepEqual(await devices.getDevice(deviceA), recorded(opened));
    });

    it("refuses a second session while the lease is live, leaving the first untouched", async () => {
      // Prepare
      const { devices } = await createStores();
      const first = sessionState(deviceA, "s1", t0, { phase: "acs-requests", exchanges: 3 });
      await devices.openSession(informFacts(deviceA), first, t0);
      const deviceBefore = await devices.getDevice(deviceA);
      const now = t0 + 10_000;

      // Act
      const attempt = devices.openSession(
        informFacts(deviceA, { events: ["6 CONNECTION REQUEST"] }),
        sessionState(deviceA, "s2", now),
        now,
      );

      // Assess
      await assert.rejects(attempt, (error: unknown) => {
        assert.ok(error instanceof SessionBusyError);
        assert.equal(error.deviceId, deviceA);
        assert.equal(error.retryAfterMs, first.expiresAt - now);
        return true;
      });
      const loaded = await devices.loadSession(deviceA, "s1", now);
      assert.deepEqual(loaded?.session, first);
      assert.deepEqual(await devices.getDevice(deviceA), deviceBefore);
    });

    it("takes over a lease once it has expired (expiry is data)", async () => {
      // Prepare
      const { devices } = await createStores();
      const abandoned = sessionState(deviceA, "s1", t0);
      await devices.openSession(informFacts(deviceA), abandoned, t0);
      const now = abandoned.expiresAt;

      // Act
      const opened = await devices.openSession(
        informFacts(deviceA),
        sessionState(deviceA, "s2", now),
        now,
      );

      // Assess
      assert.equal(opened.previous?.lastInformAt, t0);
      assert.equal((await devices.loadSession(deviceA, "s2", now))?.session.id, "s2");
      assert.equal(await devices.loadSession(deviceA, "s1", now), undefined);
    });
  });

  describe("loadSession", () => {
    it("returns the device and the session for the live session's id", async () => {
      // Prepare
      const { devices } = await createStores();
      const session = sessionState(deviceA, "s1", t0);
      const opened = await devices.openSession(informFacts(deviceA), session, t0);

      // Act
      const loaded = await devices.loadSession(deviceA, "s1", t0 + 1);

      // Assess
      assert.deepEqual(loaded, { device: recorded(opened), session });
    });

    it("returns undefined for another session id, an expired lease or an unknown device", async () => {
      // Prepare
      const { devices } = await createStores();
      const session = sessionState(deviceA, "s1", t0);
      await devices.openSession(informFacts(deviceA), session, t0);

      // Act
      const wrongId = await devices.loadSession(deviceA, "not-s1", t0 + 1);
      const expired = await devices.loadSession(deviceA, "s1", session.expiresAt);
      const unknown = await devices.loadSession("000000-X-Y", "s1", t0 + 1);

      // Assess
      assert.deepEqual([wrongId, expired, unknown], [undefined, undefined, undefined]);
    });
  });

  describe("saveSession", () => {
    it("stores the renewed session and the device changes", async () => {
      // Prepare
      const stores = await createStores();
      await registerDevice(stores, deviceA);
      await stores.tasks.createTask(taskRecord(deviceA, "task-1", t0 + 10));
      await stores.tasks.createTask(taskRecord(deviceA, "task-2", t0 + 20));
      const now = t0 + 1_000;
      const session = sessionState(deviceA, "s1", now);
      await stores.devices.openSession(informFacts(deviceA), session, now);
      const renewed = {
        ...session,
        phase: "awaiting-response" as const,
        expiresAt: now + 5_000 + leaseMs,
        exchanges: 4,
        attemptedTaskIds: ["task-1"],
        inflight: {
          rpcId: "acs-7",
          method: "Reboot" as const,
          taskId: "task-1",
          sentAt: now + 5_000,
        },
      };

      // Act
      await stores.devices.saveSession(renewed, {
        dequeue: ["task-1", "task-1"],
        connReqJabberId: "cpe1@xmpp.example/cwmp",
        connectionRequestUrl: "http://192.0.2.8:7547/cr",
      });

      // Assess
      const loaded = await stores.devices.loadSession(deviceA, "s1", now + leaseMs + 1);
      assert.deepEqual(loaded?.session, renewed);
      assert.deepEqual(loaded?.device.taskQueue, ["task-2"]);
      assert.equal(loaded?.device.connReqJabberId, "cpe1@xmpp.example/cwmp");
      assert.equal(loaded?.device.connectionRequestUrl, "http://192.0.2.8:7547/cr");
    });

    it("throws SessionLostError once another session took over, changing nothing", async () => {
      // Prepare
      const { devices } = await createStores();
      const stale = sessionState(deviceA, "s1", t0);
      await devices.openSession(informFacts(deviceA), stale, t0);
      const current = sessionState(deviceA, "s2", stale.expiresAt);
      await devices.openSession(informFacts(deviceA), current, stale.expiresAt);

      // Act
      const saving = devices.saveSession({ ...stale, exchanges: 9 }, { connReqJabberId: "x@y/z" });

      // Assess
      await assert.rejects(saving, (error: unknown) => {
        assert.ok(error instanceof SessionLostError);
        assert.equal(error.deviceId, deviceA);
        assert.equal(error.sessionId, "s1");
        return true;
      });
      const loaded = await devices.loadSession(deviceA, "s2", stale.expiresAt);
      assert.deepEqual(loaded?.session, current);
      assert.equal(loaded?.device.connReqJabberId, undefined);
    });

    it("throws SessionLostError for a device that does not exist", async () => {
      // Prepare
      const { devices } = await createStores();

      // Act
      const saving = devices.saveSession(sessionState(deviceA, "s1", t0), {});

      // Assess
      await assert.rejects(saving, SessionLostError);
      assert.equal(await devices.getDevice(deviceA), undefined);
    });
  });

  describe("closeSession", () => {
    it("frees the lease at once and records when the session ended", async () => {
      // Prepare
      const stores = await createStores();
      await registerDevice(stores, deviceA);
      await stores.tasks.createTask(taskRecord(deviceA, "task-1", t0 + 10));
      const now = t0 + 1_000;
      const session = sessionState(deviceA, "s1", now);
      await stores.devices.openSession(informFacts(deviceA), session, now);

      // Act
      await stores.devices.closeSession(session, { dequeue: ["task-1"] }, now + 50);

      // Assess
      assert.equal(await stores.devices.loadSession(deviceA, "s1", now + 60), undefined);
      const device = await stores.devices.getDevice(deviceA);
      assert.equal(device?.lastSessionEndedAt, now + 50);
      assert.deepEqual(device?.taskQueue, []);
      const next = sessionState(deviceA, "s2", now + 60);
      const reopened = await stores.devices.openSession(informFacts(deviceA), next, now + 60);
      assert.equal(reopened.inform, "unchanged");
      assert.equal((await stores.devices.getDevice(deviceA))?.lastInformAt, now + 60);
    });

    it("throws SessionLostError when the session was already closed", async () => {
      // Prepare
      const { devices } = await createStores();
      const session = sessionState(deviceA, "s1", t0);
      await devices.openSession(informFacts(deviceA), session, t0);
      await devices.closeSession(session, {}, t0 + 10);

      // Act
      const closing = devices.closeSession(session, {}, t0 + 20);

      // Assess
      await assert.rejects(closing, SessionLostError);
      assert.equal((await devices.getDevice(deviceA))?.lastSessionEndedAt, t0 + 10);
    });
  });

  describe("recordConnectionRequest", () => {
    it("records the attempt on the device", async () => {
      // Prepare
      const stores = await createStores();
      await registerDevice(stores, deviceA);
      const status = { at: t0 + 5, method: "xmpp" as const, outcome: "delivered", latencyMs: 12 };

      // Act
      await stores.devices.recordConnectionRequest(deviceA, status);

      // Assess
      assert.deepEqual((await stores.devices.getDevice(deviceA))?.lastConnectionRequest, status);
    });

    it("throws DeviceNotFoundError for an unknown device and creates nothing", async () => {
      // Prepare
      const { devices } = await createStores();

      // Act
      const recording = devices.recordConnectionRequest(deviceA, {
        at: t0,
        method: "none",
        outcome: "no-address",
      });

      // Assess
      await assert.rejects(recording, DeviceNotFoundError);
      assert.equal(await devices.getDevice(deviceA), undefined);
    });
  });
}
