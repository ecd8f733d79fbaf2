import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { StoredParameter } from "../../../functions/core/model/device.ts";
import { DeviceNotFoundError, SessionBusyError } from "../../../functions/port-errors.ts";
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

function parameters(count: number, learnedAt: number): StoredParameter[] {
  return Array.from({ length: count }, (_, i) => ({
    name: `Device.X.${i}.Value`,
    value: String(i),
    type: "string",
    learnedAt,
  }));
}

/** DeviceStore.deleteDevice and setTag (the provisioning API's device administration). */
export function deviceAdminContract(createStores: CreateStores): void {
  describe("recordStunBinding", () => {
    it("stores the NAT binding on the device, and an Inform's UDPConnectionRequestAddress", async () => {
      // Prepare
      const { devices } = await createStores();
      const facts = { ...informFacts(deviceA), udpConnectionRequestAddress: "198.51.100.4:7000" };
      await devices.openSession(facts, sessionState(deviceA, "s1", t0), t0);
      const binding = { address: "203.0.113.5", port: 41000, lastSeen: t0 + 5, server: "task-1" };

      // Act
      await devices.recordStunBinding(deviceA, binding);

      // Assess
      const device = await devices.getDevice(deviceA);
      assert.deepEqual(device?.stunBinding, binding);
      assert.equal(device?.udpConnectionRequestAddress, "198.51.100.4:7000");
    });

    it("throws DeviceNotFoundError for an unknown device", async () => {
      const { devices } = await createStores();
      const binding = { address: "203.0.113.5", port: 41000, lastSeen: t0 };
      await assert.rejects(devices.recordStunBinding(deviceB, binding), DeviceNotFoundError);
    });
  });

  describe("deleteDevice", () => {
    it("throws DeviceNotFoundError for an unknown device", async () => {
      // Prepare
      const { devices } = await createStores();

      // Act
      const deleting = devices.deleteDevice(deviceA, t0);

      // Assess
      await assert.rejects(deleting, (error: unknown) => {
        assert.ok(error instanceof DeviceNotFoundError);
        assert.equal(error.deviceId, deviceA);
        return true;
      });
    });

    it("throws SessionBusyError while a session holds the lease, deleting nothing", async () => {
      // Prepare
      const stores = await createStores();
      const session = sessionState(deviceA, "s1", t0);
      await stores.devices.openSession(informFacts(deviceA), session, t0);
      await stores.parameters.putParameters(deviceA, 0, parameters(3, t0));
      const now = t0 + 10_000;

      // Act
      const deleting = stores.devices.deleteDevice(deviceA, now);

      // Assess
      await assert.rejects(deleting, (error: unknown) => {
        assert.ok(error instanceof SessionBusyError);
        assert.equal(error.deviceId, deviceA);
        assert.equal(error.retryAfterMs, session.expiresAt - now);
        return true;
      });
      assert.equal((await stores.devices.loadSession(deviceA, "s1", now))?.session.id, "s1");
      assert.equal((await stores.parameters.getParameters(deviceA, 0)).length, 3);
    });

    it("forgets the device and the parameters of every generation, keeping tasks and other devices", async () => {
      // Prepare
      const stores = await createStores();
      await registerDevice(stores, deviceA); // generation 1 (0 BOOTSTRAP)
      await registerDevice(stores, deviceB);
      await stores.parameters.putParameters(deviceA, 0, parameters(2, t0));
      await stores.parameters.putParameters(deviceA, 1, parameters(30, t0));
      await stores.parameters.putParameters(deviceB, 1, parameters(4, t0));
      await registerDevice(stores, deviceA, t0 + 1_000); // generation 2
      await stores.parameters.putParameters(deviceA, 2, parameters(27, t0 + 1_000));
      await stores.devices.setTag(deviceA, "lab", true);
      const task = taskRecord(deviceA, "task-1", t0 + 2_000);
      await stores.tasks.createTask(task);

      // Act
      await stores.devices.deleteDevice(deviceA, t0 + 3_000);

      // Assess
      assert.equal(await stores.devices.getDevice(deviceA), undefined);
      for (const generation of [0, 1, 2]) {
        assert.deepEqual(await stores.parameters.getParameters(deviceA, generation), []);
      }
      assert.equal((await stores.parameters.getParameters(deviceB, 1)).length, 4);
      assert.ok(await stores.devices.getDevice(deviceB));
      assert.deepEqual(await stores.tasks.getTask("task-1"), task);
      const listed = await stores.devices.listDevices({ limit: 10 });
      assert.deepEqual(
        listed.devices.map((device) => device.id),
        [deviceB],
      );
    });

    it("lets the device register afresh afterwards, with no history", async () => {
      // Prepare
      const stores = await createStores();
      await registerDevice(stores, deviceA);
      await stores.devices.setTag(deviceA, "lab", true);
      await stores.tasks.createTask(taskRecord(deviceA, "task-1", t0 + 10));
      await stores.devices.deleteDevice(deviceA, t0 + 100);
      const now = t0 + 200;

      // Act
      const opened = await stores.devices.openSession(
        informFacts(deviceA),
        sessionState(deviceA, "s2", now),
        now,
      );

      // Assess
      assert.equal(opened.previous, undefined);
      assert.equal(recorded(opened).firstInformAt, now);
      assert.equal(recorded(opened).parameterGeneration, 0);
      assert.deepEqual(recorded(opened).tags, []);
      assert.deepEqual(recorded(opened).taskQueue, []);
      assert.equal(recorded(opened).lastSessionEndedAt, undefined);
    });

    it("deletes a device whose last session expired without closing", async () => {
      // Prepare
      const { devices } = await createStores();
      await devices.openSession(informFacts(deviceA), sessionState(deviceA, "s1", t0), t0);

      // Act
      await devices.deleteDevice(deviceA, t0 + leaseMs);

      // Assess
      assert.equal(await devices.getDevice(deviceA), undefined);
      await assert.rejects(devices.deleteDevice(deviceA, t0 + leaseMs), DeviceNotFoundError);
    });
  });

  describe("setTag", () => {
    it("adds and removes tags idempotently, keeping them across Informs", async () => {
      // Prepare
      const stores = await createStores();
      await registerDevice(stores, deviceA);

      // Act
      await stores.devices.setTag(deviceA, "lab", true);
      await stores.devices.setTag(deviceA, "lab", true);
      await stores.devices.setTag(deviceA, "floor:2", true);
      const afterAdds = (await stores.devices.getDevice(deviceA))?.tags;
      await stores.devices.setTag(deviceA, "lab", false);
      await stores.devices.setTag(deviceA, "lab", false);
      await stores.devices.setTag(deviceA, "never-set", false);
      const session = sessionState(deviceA, "s2", t0 + 100);
      const opened = await stores.devices.openSession(informFacts(deviceA), session, t0 + 100);

      // Assess
      assert.deepEqual(afterAdds, ["lab", "floor:2"]);
      assert.equal(opened.inform, "unchanged");
      assert.deepEqual((await stores.devices.getDevice(deviceA))?.tags, ["floor:2"]);
    });

    it("removes a tag from the middle of the list", async () => {
      // Prepare
      const stores = await createStores();
      await registerDevice(stores, deviceA);
      for (const tag of ["a", "b", "c"]) await stores.devices.setTag(deviceA, tag, true);

      // Act
      await stores.devices.setTag(deviceA, "b", false);

      // Assess
      assert.deepEqual((await stores.devices.getDevice(deviceA))?.tags, ["a", "c"]);
    });

    it("throws DeviceNotFoundError for an unknown device, creating nothing", async () => {
      // Prepare
      const { devices } = await createStores();

      // Act
      const adding = await devices.setTag(deviceA, "lab", true).catch((error: unknown) => error);
      const removing = await devices.setTag(deviceA, "lab", false).catch((error: unknown) => error);

      // Assess
      assert.ok(adding instanceof DeviceNotFoundError);
      assert.ok(removing instanceof DeviceNotFoundError);
      assert.equal(await devices.getDevice(deviceA), undefined);
    });
  });
}
