import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { crTargetOf, type Fleet, runFleet } from "../../functions/simulator/fleet.ts";
import { percentile } from "../../functions/simulator/fleet-stats.ts";
import { eventCodes, startFakeAcs } from "./fake-acs.ts";
import { waitUntil } from "./wait-until.ts";

describe("runFleet", () => {
  it("boots every device once, counts sessions and exchange latencies", async () => {
    // Prepare
    const acs = await startFakeAcs({
      override: (_post, index) =>
        index === 0 ? { kind: "status", status: 503, headers: { "retry-after": "0" } } : undefined,
    });
    let fleet: Fleet | undefined;
    try {
      // Act
      fleet = await runFleet({ acsUrl: acs.url, count: 5, serialPrefix: "F", bootStaggerMs: 50 });
      const { stats } = fleet;
      await waitUntil(() => stats.sessionsCompleted === 5, "five bootstrap sessions");
      const summary = await fleet.stop();

      // Assess
      assert.equal(stats.devicesBooted, 5);
      assert.equal(stats.sessionsBusy, 1);
      assert.equal(stats.sessionsFailed, 0);
      assert.equal(stats.exchangeLatenciesMs.length, acs.posts.length);
      assert.equal(summary.exchangeP50Ms, percentile(stats.exchangeLatenciesMs, 50));
      const serials = new Set(acs.informs().map((inform) => inform.deviceId.serialNumber));
      assert.deepEqual([...serials].sort(), [
        "F000001",
        "F000002",
        "F000003",
        "F000004",
        "F000005",
      ]);
      assert.ok(acs.informs().every((inform) => eventCodes(inform).includes("0 BOOTSTRAP")));
      assert.ok(fleet.devices.every((cpe) => cpe.state() === "off"));
    } finally {
      await fleet?.stop();
      await acs.close();
    }
  });

  it("counts the connection requests its devices accept and refuse as busy", async () => {
    // Prepare
    const acs = await startFakeAcs();
    let fleet: Fleet | undefined;
    try {
      fleet = await runFleet({ acsUrl: acs.url, count: 1, serialPrefix: "C" });
      const { stats } = fleet;
      await waitUntil(() => stats.sessionsCompleted === 1, "the bootstrap session");
      const cpe = fleet.devices[0];
      assert.ok(cpe);

      // Act
      const first = cpe.connectionRequest();
      const second = cpe.connectionRequest(); // its session is under way now

      // Assess
      assert.deepEqual([first, second], ["accepted", "busy"]);
      assert.equal(stats.connectionRequestsAccepted, 1);
      assert.equal(stats.connectionRequestsBusy, 1);
    } finally {
      await fleet?.stop();
      await acs.close();
    }
  });

  it("gives each device its own misbehaviours", async () => {
    // Prepare
    const acs = await startFakeAcs();
    let fleet: Fleet | undefined;
    try {
      // Act
      fleet = await runFleet({
        acsUrl: acs.url,
        count: 2,
        serialPrefix: "M",
        misbehaviours: (index) =>
          index === 0 ? { neverBootstrap: true, canonicalHeaderNamesOnly: true } : {},
      });
      const { stats } = fleet;
      await waitUntil(() => stats.sessionsCompleted === 2, "two first sessions");

      // Assess
      const bySerial = new Map(
        acs.informs().map((inform) => [inform.deviceId.serialNumber, eventCodes(inform)]),
      );
      assert.deepEqual(bySerial.get("M000001"), ["2 PERIODIC"]);
      assert.deepEqual(bySerial.get("M000002"), ["0 BOOTSTRAP", "1 BOOT"]);
      const [first, second] = fleet.devices;
      assert.ok(first && second);
      assert.equal(crTargetOf(first).canonicalHeaderNamesOnly, true);
      assert.equal(crTargetOf(second).canonicalHeaderNamesOnly, false);
    } finally {
      await fleet?.stop();
      await acs.close();
    }
  });

  it("tells its observer each session with the RPCs the device received", async () => {
    // Prepare
    const acs = await startFakeAcs();
    acs.enqueue({ method: "Reboot", commandKey: "rk-1" });
    const seen: [string, readonly string[]][] = [];
    let fleet: Fleet | undefined;
    try {
      // Act
      fleet = await runFleet({
        acsUrl: acs.url,
        count: 1,
        serialPrefix: "O",
        device: { rebootDelayMs: 0 },
        observer: { onSessionEnd: (serial, record) => seen.push([serial, record.rpcs]) },
      });
      const { stats } = fleet;
      await waitUntil(() => stats.sessionsCompleted === 2, "the session after the reboot");

      // Assess
      assert.deepEqual(seen, [
        ["O000001", ["Reboot:rk-1"]],
        ["O000001", []],
      ]);
    } finally {
      await fleet?.stop();
      await acs.close();
    }
  });

  it("settles finished after durationSec", async () => {
    const acs = await startFakeAcs();
    try {
      const fleet = await runFleet({ acsUrl: acs.url, count: 1, durationSec: 0 });
      const summary = await fleet.finished;
      assert.equal(summary.stats, fleet.stats);
    } finally {
      await acs.close();
    }
  });
});

describe("percentile", () => {
  it("uses the nearest rank", () => {
    assert.equal(percentile([5, 1, 4, 2, 3], 50), 3);
    assert.equal(percentile([5, 1, 4, 2, 3], 99), 5);
    assert.equal(percentile([], 50), undefined);
  });
});
