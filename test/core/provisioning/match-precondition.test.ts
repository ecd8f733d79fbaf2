import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { DeviceRecord } from "../../../functions/core/model/device.ts";
import {
  deviceRoot,
  matchesDevice,
} from "../../../functions/core/provisioning/match-precondition.ts";

const device: DeviceRecord = {
  id: "00D09E-HGW-S1234",
  manufacturer: "Acme",
  oui: "00D09E",
  productClass: "HGW",
  serialNumber: "S1234",
  firstInformAt: 1,
  lastInformAt: 2,
  lastEvents: [],
  tags: ["lab", "fiber"],
  informParameters: {
    "Device.DeviceInfo.SoftwareVersion": ["1.0", "string"],
    "Device.ManagementServer.ConnectionRequestURL": ["http://cpe/", "string"],
  },
  parameterGeneration: 0,
  taskQueue: [],
};

describe("deviceRoot", () => {
  it("is the first path segment of the Inform parameters, with its dot", () => {
    assert.equal(deviceRoot(device), "Device.");
    assert.equal(
      deviceRoot({
        informParameters: { "InternetGatewayDevice.DeviceInfo.SoftwareVersion": ["1", "string"] },
      }),
      "InternetGatewayDevice.",
    );
  });

  it("is undefined when the device reported no parameters", () => {
    assert.equal(deviceRoot({ informParameters: {} }), undefined);
  });
});

describe("matchesDevice", () => {
  it("matches every device when the precondition is empty", () => {
    assert.equal(matchesDevice({}, device, []), true);
  });

  it("checks the data model root", () => {
    assert.equal(matchesDevice({ root: "Device." }, device, []), true);
    assert.equal(matchesDevice({ root: "InternetGatewayDevice." }, device, []), false);
    assert.equal(
      matchesDevice({ root: "Device." }, { ...device, informParameters: {} }, []),
      false,
    );
  });

  it("checks OUI, product class and serial prefix", () => {
    assert.equal(matchesDevice({ oui: "00D09E", productClass: "HGW" }, device, []), true);
    assert.equal(matchesDevice({ oui: "00D09F" }, device, []), false);
    assert.equal(matchesDevice({ productClass: "STB" }, device, []), false);
    assert.equal(matchesDevice({ serialPrefix: "S12" }, device, []), true);
    assert.equal(
      matchesDevice({ serialPrefix: "1234" }, device, []),
      false,
      "a prefix, not a part",
    );
    assert.equal(matchesDevice({ serialPrefix: "S12345" }, device, []), false);
  });

  it("requires all of the tags", () => {
    assert.equal(matchesDevice({ tags: ["lab"] }, device, []), true);
    assert.equal(matchesDevice({ tags: ["lab", "fiber"] }, device, []), true);
    assert.equal(matchesDevice({ tags: ["lab", "dsl"] }, device, []), false);
    assert.equal(matchesDevice({ tags: [] }, device, []), true);
  });

  it("requires any of the events, and none when the list is empty", () => {
    const precondition = { events: ["0 BOOTSTRAP", "1 BOOT"] };
    assert.equal(matchesDevice(precondition, device, ["1 BOOT", "4 VALUE CHANGE"]), true);
    assert.equal(matchesDevice(precondition, device, ["2 PERIODIC"]), false);
    assert.equal(matchesDevice(precondition, device, []), false);
    assert.equal(matchesDevice({ events: [] }, device, ["2 PERIODIC"]), true);
  });

  it("fails as soon as one part fails", () => {
    assert.equal(
      matchesDevice({ oui: "00D09E", tags: ["lab"], events: ["1 BOOT"] }, device, ["2 PERIODIC"]),
      false,
    );
  });
});
