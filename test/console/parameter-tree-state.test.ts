import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  changedLeaves,
  levelsUnder,
  shortName,
  type TreeLevel,
} from "../../functions/console/ui/parameter-tree-state.ts";

const level = (...leaves: [string, string, string][]): TreeLevel => ({
  parameters: leaves.map(([name, value, learnedAt]) => ({ name, value, learnedAt })),
  objects: [],
});

describe("shortName", () => {
  it("labels a node by what it adds to its parent's path", () => {
    // Act and Assess
    assert.equal(shortName("Device.WiFi.", "Device."), "WiFi.");
    assert.equal(shortName("Device.DeviceInfo.SerialNumber", "Device.DeviceInfo."), "SerialNumber");
    assert.equal(shortName("Device.", ""), "Device.");
  });
});

describe("levelsUnder", () => {
  it("names the open levels a subtree refresh touches, parents first, and no others", () => {
    // Prepare
    const open = new Set(["Device.", "Device.WiFi.SSID.", "Device.WiFi.", "Device.DeviceInfo."]);
    // Act
    const touched = levelsUnder(open, "Device.WiFi.");
    // Assess
    assert.deepEqual(touched, ["Device.WiFi.", "Device.WiFi.SSID."]);
  });
});

describe("changedLeaves", () => {
  it("marks leaves whose value or learnedAt moved, and new leaves, not unchanged ones", () => {
    // Prepare
    const before = level(["A", "1", "t1"], ["B", "2", "t1"], ["C", "3", "t1"]);
    const after = level(["A", "1", "t1"], ["B", "2", "t2"], ["C", "4", "t1"], ["D", "5", "t2"]);
    // Act
    const changed = changedLeaves(before, after);
    // Assess
    assert.deepEqual([...changed].sort(), ["B", "C", "D"]);
  });

  it("marks every leaf of a level seen for the first time", () => {
    // Act
    const changed = changedLeaves(undefined, level(["A", "1", "t1"]));
    // Assess
    assert.deepEqual([...changed], ["A"]);
  });
});
