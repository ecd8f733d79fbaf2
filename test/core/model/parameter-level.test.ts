import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parameterLevel } from "../../../functions/core/model/parameter-level.ts";

const names = (list: readonly { name: string }[]) => list.map((p) => p.name);
const stored = [
  "Device.",
  "Device.RootDataModelVersion",
  "Device.DeviceInfo.",
  "Device.DeviceInfo.SerialNumber",
  "Device.DeviceInfo.ProvisioningCode",
  "Device.WiFi.SSID.1.SSID",
  "Device.WiFi.SSID.2.SSID",
  "Device.Hosts.Host.",
].map((name) => ({ name }));

describe("parameterLevel", () => {
  it("shows one level under the root and names the objects below it with their counts", () => {
    // Act
    const level = parameterLevel(stored, "", 1);
    // Assess
    assert.deepEqual(names(level.parameters), []);
    assert.deepEqual(level.objects, [{ name: "Device.", parameters: 5 }]);
  });

  it("keeps a level's own parameters and lists child objects, empty tables included", () => {
    // Act
    const level = parameterLevel(stored, "Device.", 1);
    // Assess
    assert.deepEqual(names(level.parameters), ["Device.RootDataModelVersion"]);
    assert.deepEqual(level.objects, [
      { name: "Device.DeviceInfo.", parameters: 2 },
      { name: "Device.Hosts.", parameters: 0 },
      { name: "Device.WiFi.", parameters: 2 },
    ]);
  });

  it("goes deeper with a larger depth, cutting where the depth ends", () => {
    // Act
    const level = parameterLevel(stored, "Device.WiFi.", 2);
    // Assess
    assert.deepEqual(names(level.parameters), []);
    assert.deepEqual(level.objects, [
      { name: "Device.WiFi.SSID.1.", parameters: 1 },
      { name: "Device.WiFi.SSID.2.", parameters: 1 },
    ]);
  });

  it("returns the leaves of an object that has no children, and nothing outside the prefix", () => {
    // Act
    const level = parameterLevel(stored, "Device.DeviceInfo.", 1);
    // Assess
    assert.deepEqual(names(level.parameters), [
      "Device.DeviceInfo.SerialNumber",
      "Device.DeviceInfo.ProvisioningCode",
    ]);
    assert.deepEqual(level.objects, []);
  });
});
