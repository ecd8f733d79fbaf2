import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { StoredParameter } from "../../../functions/core/model/device.ts";
import {
  byName,
  type CreateStores,
  deviceA,
  deviceB,
  informFacts,
  recorded,
  registerDevice,
  sessionState,
  t0,
} from "./fixtures.ts";

const learned = t0 + 100;

const sample: readonly StoredParameter[] = [
  { name: "Device.WiFi.", learnedAt: learned, writable: false },
  {
    name: "Device.WiFi.SSID.1.SSID",
    value: "home",
    type: "string",
    learnedAt: learned,
    writable: true,
  },
  { name: "Device.WiFi.SSID.1.Enable", value: "true", type: "boolean", learnedAt: learned },
  { name: "Device.WiFiExtender.Mode", value: "", type: "string", learnedAt: learned },
  { name: "Device.DeviceInfo.UpTime", value: "3600", type: "unsignedInt", learnedAt: learned },
];

/** ParameterStore: one item per parameter, generations, subtree queries. */
export function parameterStoreContract(createStores: CreateStores): void {
  describe("putParameters / getParameters", () => {
    it("round-trips every field, absent fields staying absent", async () => {
      // Prepare
      const { parameters } = await createStores();

      // Act
      await parameters.putParameters(deviceA, 1, sample);
      const stored = await parameters.getParameters(deviceA, 1);

      // Assess
      assert.deepEqual(byName(stored), byName(sample));
    });

    it("stores the same with fresh batch writes into an empty generation", async () => {
      // Prepare
      const { parameters } = await createStores();

      // Act
      await parameters.putParameters(deviceA, 7, sample, { fresh: true });

      // Assess
      assert.deepEqual(byName(await parameters.getParameters(deviceA, 7)), byName(sample));
    });

    it("merges: a value keeps known writability, a name keeps its value", async () => {
      // Prepare
      const { parameters } = await createStores();
      const name = "Device.WiFi.SSID.1.SSID";
      await parameters.putParameters(deviceA, 1, [{ name, writable: true, learnedAt: learned }]);

      // Act
      await parameters.putParameters(deviceA, 1, [
        { name, value: "home", type: "string", learnedAt: learned + 5 },
      ]);
      await parameters.putParameters(deviceA, 1, [
        { name, writable: false, learnedAt: learned + 9 },
      ]);

      // Assess
      const [stored] = await parameters.getParameters(deviceA, 1, name);
      assert.deepEqual(stored, {
        name,
        value: "home",
        type: "string",
        learnedAt: learned + 5,
        writable: false,
      });
    });

    it("overwrites a parameter written again (last write of a name wins)", async () => {
      // Prepare
      const { parameters } = await createStores();
      await parameters.putParameters(deviceA, 1, sample);
      const uptime = { name: "Device.DeviceInfo.UpTime", value: "7200", type: "unsignedInt" };

      // Act
      await parameters.putParameters(deviceA, 1, [
        { ...uptime, value: "1", learnedAt: learned + 1 },
        { ...uptime, learnedAt: learned + 2 },
      ]);

      // Assess
      const stored = await parameters.getParameters(deviceA, 1, "Device.DeviceInfo.");
      assert.deepEqual(stored, [{ ...uptime, learnedAt: learned + 2 }]);
    });

    it("returns a subtree by name prefix, for one device and generation only", async () => {
      // Prepare
      const { parameters } = await createStores();
      await parameters.putParameters(deviceA, 1, sample);
      await parameters.putParameters(deviceA, 2, [{ name: "Device.WiFi.X", learnedAt: learned }]);
      await parameters.putParameters(deviceB, 1, [{ name: "Device.WiFi.Y", learnedAt: learned }]);

      // Act
      const subtree = await parameters.getParameters(deviceA, 1, "Device.WiFi.");
      const none = await parameters.getParameters(deviceA, 1, "InternetGatewayDevice.");

      // Assess
      assert.deepEqual(
        byName(subtree).map((parameter) => parameter.name),
        ["Device.WiFi.", "Device.WiFi.SSID.1.Enable", "Device.WiFi.SSID.1.SSID"],
      );
      assert.deepEqual(none, []);
    });

    it("round-trips 10,000 parameters of one device", async () => {
      // Prepare
      const { parameters } = await createStores();
      const many = Array.from({ length: 10_000 }, (_, index) => ({
        name: `Device.Hosts.Host.${index + 1}.PhysAddress`,
        value: `02:00:00:${String(index)
          .padStart(6, "0")
          .replace(/(..)(..)(..)/, "$1:$2:$3")}`,
        type: "string",
        learnedAt: learned + index,
        writable: index % 2 === 0,
      }));

      // Act
      await parameters.putParameters(deviceA, 3, many);
      const stored = await parameters.getParameters(deviceA, 3);
      const one = await parameters.getParameters(deviceA, 3, "Device.Hosts.Host.4711.");

      // Assess
      assert.equal(stored.length, 10_000);
      assert.deepEqual(byName(stored), byName(many));
      assert.deepEqual(one, [many[4710]]);
    });
  });

  describe("deleteParameters", () => {
    it("deletes the named parameters of that generation only", async () => {
      // Prepare
      const { parameters } = await createStores();
      await parameters.putParameters(deviceA, 1, sample);
      await parameters.putParameters(deviceA, 2, sample);

      // Act
      await parameters.deleteParameters(deviceA, 1, [
        "Device.WiFi.SSID.1.SSID",
        "Device.WiFi.SSID.1.SSID",
        "Device.NotThere",
      ]);

      // Assess
      const names = (await parameters.getParameters(deviceA, 1)).map((parameter) => parameter.name);
      assert.equal(names.length, sample.length - 1);
      assert.ok(!names.includes("Device.WiFi.SSID.1.SSID"));
      assert.equal((await parameters.getParameters(deviceA, 2)).length, sample.length);
    });
  });

  describe("generations", () => {
    it("forgets every stored parameter when a BOOTSTRAP Inform bumps the generation", async () => {
      // Prepare
      const stores = await createStores();
      await registerDevice(stores, deviceA);
      const generation = (await stores.devices.getDevice(deviceA))?.parameterGeneration ?? -1;
      await stores.parameters.putParameters(deviceA, generation, sample);
      const now = t0 + 60_000;
      const facts = informFacts(deviceA, { events: ["0 BOOTSTRAP"], bootstrap: true });

      // Act
      const opened = await stores.devices.openSession(facts, sessionState(deviceA, "s", now), now);

      // Assess
      assert.equal(recorded(opened).parameterGeneration, generation + 1);
      assert.equal(opened.previous?.parameterGeneration, generation);
      assert.deepEqual(
        await stores.parameters.getParameters(deviceA, recorded(opened).parameterGeneration),
        [],
      );
    });

    it("purges older generations in bounded batches, keeping the current one", async () => {
      // Prepare
      const { parameters } = await createStores();
      const old = (generation: number, count: number) =>
        Array.from({ length: count }, (_, index) => ({
          name: `Device.Old.${generation}.${index}`,
          learnedAt: learned,
        }));
      await parameters.putParameters(deviceA, 1, old(1, 20));
      await parameters.putParameters(deviceA, 2, old(2, 10));
      await parameters.putParameters(deviceA, 3, sample);
      await parameters.putParameters(deviceB, 1, old(1, 5));

      // Act
      const rounds = [
        await parameters.purgeStaleParameters(deviceA, 3, 25),
        await parameters.purgeStaleParameters(deviceA, 3, 25),
        await parameters.purgeStaleParameters(deviceA, 3, 25),
      ];

      // Assess
      assert.deepEqual(rounds, [25, 5, 0]);
      assert.deepEqual(await parameters.getParameters(deviceA, 1), []);
      assert.deepEqual(await parameters.getParameters(deviceA, 2), []);
      assert.deepEqual(byName(await parameters.getParameters(deviceA, 3)), byName(sample));
      assert.equal((await parameters.getParameters(deviceB, 1)).length, 5);
    });
  });
}
