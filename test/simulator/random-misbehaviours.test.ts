import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  type DownloadFailureMode,
  downloadFailureFleet,
} from "../../functions/simulator/download-failure-fleet.ts";
import { type Misbehaviours, misbehaviourNames } from "../../functions/simulator/misbehaviours.ts";
import {
  randomFleetMisbehaviours,
  randomMisbehaviours,
  seededRandom,
} from "../../functions/simulator/random-misbehaviours.ts";
import { uploadFailureFleet } from "../../functions/simulator/upload-failure-fleet.ts";

describe("randomMisbehaviours", () => {
  const fleet = (seed: number, fraction: number, count = 200) =>
    Array.from({ length: count }, (_, index) =>
      randomFleetMisbehaviours({ seed, fraction })(index),
    );

  it("is deterministic for a seed and differs between seeds", () => {
    assert.deepEqual(fleet(7, 0.2), fleet(7, 0.2));
    assert.notDeepEqual(fleet(7, 0.2), fleet(8, 0.2));
  });

  it("gives about the fraction of a fleet misbehaviours, none to the rest", () => {
    const misbehaving = fleet(42, 0.2).filter((m) => misbehaviourNames(m).length > 0).length;
    assert.ok(misbehaving >= 25 && misbehaving <= 55, `${misbehaving} of 200`);
    assert.equal(fleet(42, 0).filter((m) => Object.keys(m).length > 0).length, 0);
    assert.equal(fleet(42, 1).filter((m) => Object.keys(m).length === 0).length, 0);
  });

  it("picks only bounded misbehaviours", () => {
    const all = fleet(3, 1, 500);
    for (const m of all) {
      assert.ok((m.dieOn?.times ?? 1) <= 2);
      assert.ok((m.replyDelayMs ?? 1000) >= 1000 && (m.replyDelayMs ?? 0) <= 3000);
      assert.ok((m.loseInformResponse ?? 0) <= 1);
      assert.ok((m.faultOn ?? []).every((rule) => rule.times !== undefined));
      assert.equal(m.emptyPostFor, undefined);
    }
    // Over 500 draws every kind in the catalogue shows up.
    const kinds = new Set(all.flatMap((m) => Object.keys(m)));
    assert.equal(kinds.size, 13);
  });

  it("draws from the generator it is given", () => {
    assert.deepEqual(
      randomMisbehaviours(seededRandom(1), 1),
      randomMisbehaviours(seededRandom(1), 1),
    );
    assert.deepEqual(
      randomMisbehaviours(() => 0.99, 0.5),
      {},
    );
  });
});

describe("downloadFailureFleet", () => {
  const fleet = (fraction: number, mode: DownloadFailureMode, seed = 5, count = 400) =>
    Array.from({ length: count }, (_, index) =>
      downloadFailureFleet({ fraction, mode, seed })(index),
    );

  it("fails about the fraction of the fleet, the same devices for the same seed", () => {
    // Prepare
    const failing = (devices: Misbehaviours[]) =>
      devices.flatMap((m, index) => (m.failDownloads === undefined ? [] : [index]));
    // Act
    const first = failing(fleet(0.2, "fault"));
    // Assess
    assert.ok(first.length >= 50 && first.length <= 110, `${first.length} of 400`);
    assert.deepEqual(failing(fleet(0.2, "fault")), first);
    assert.notDeepEqual(failing(fleet(0.2, "fault", 6)), first);
    assert.equal(failing(fleet(0, "fault")).length, 0);
    assert.equal(failing(fleet(1, "fault")).length, 400);
  });

  it("fails one way, or both ways in mixed mode", () => {
    const modes = (mode: DownloadFailureMode) =>
      new Set(fleet(1, mode).map((m) => m.failDownloads));
    assert.deepEqual(modes("corrupt-image"), new Set(["corrupt-image"]));
    assert.deepEqual(modes("mixed"), new Set(["fault", "corrupt-image"]));
  });
});

describe("uploadFailureFleet", () => {
  const failing = (fraction: number, seed: number) =>
    Array.from({ length: 400 }, (_, index) =>
      uploadFailureFleet({ fraction, seed })(index).failUploads === true ? [index] : [],
    ).flat();

  it("fails about the fraction of the fleet, the same devices for the same seed", () => {
    // Act
    const first = failing(0.2, 5);
    // Assess
    assert.ok(first.length >= 50 && first.length <= 110, `${first.length} of 400`);
    assert.deepEqual(failing(0.2, 5), first);
    assert.notDeepEqual(failing(0.2, 6), first);
    assert.equal(failing(0, 5).length, 0);
    assert.equal(failing(1, 5).length, 400);
  });

  it("does not pick the same devices as downloadFailureFleet for the same seed", () => {
    const downloads = Array.from({ length: 400 }, (_, index) =>
      downloadFailureFleet({ fraction: 0.2, mode: "fault", seed: 5 })(index).failDownloads
        ? [index]
        : [],
    ).flat();
    assert.notDeepEqual(failing(0.2, 5), downloads);
  });
});
